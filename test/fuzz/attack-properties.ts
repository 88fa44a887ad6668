/**
 * Properties for what an attacker (or a broken proxy) can send: forged or
 * replayed requests, garbage ciphertext, hostile bodies, entity bombs, and the
 * echostr check. Statuses are the ones app-contract.md documents.
 */
import fc from "fast-check";
import type { Reply } from "@wxmp/wechat/reply";
import type { WebhookOptions } from "@wxmp/wechat/webhook/webhook";
import { behaviourArb, pushSpec, pushXml, type PushSpec } from "./arbitraries";
import { garbageEncrypt, type Garbage } from "./crypto-arbitraries";
import { checkRecordShape, fail } from "./expectations";
import {
  NOW_S, TOKEN, createFuzzWebhook, openAnswer, sealMessage, send, sign, signedParams, toRequest, webhookUrl, wireFor,
  type Behaviour, type Mode,
} from "./harness";
import type { FuzzStats } from "./stats";
import { applyOp, entityBomb, hostileText, mutations, rawBody, SENTINEL, validPushXml, type HostileBody } from "./hostile-arbitraries";

const hex40 = fc.stringMatching(/^[0-9a-f]{40}$/);

/** Ways to get a request wrong; `expect` is the status the contract promises. */
type Forgery = { label: string; expect: 400 | 401; apply: (params: Record<string, string>) => Record<string, string | undefined> };
const resign = (timestamp: string) => (p: Record<string, string>) => ({ ...p, timestamp, signature: sign([TOKEN, timestamp, p.nonce!]) });
const forgery: fc.Arbitrary<Forgery> = fc.oneof(
  hex40.map((s): Forgery => ({ label: "random signature", expect: 401, apply: (p) => ({ ...p, signature: s }) })),
  fc.nat().map((n): Forgery => ({
    label: "one hex digit changed",
    expect: 401,
    apply: (p) => {
      const s = p.signature!;
      const at = n % s.length;
      return { ...p, signature: s.slice(0, at) + (s[at] === "0" ? "1" : "0") + s.slice(at + 1) };
    },
  })),
  fc.constantFrom<Forgery>(
    { label: "upper-case signature", expect: 401, apply: (p) => ({ ...p, signature: p.signature!.toUpperCase() }) },
    { label: "signature with the nonce changed", expect: 401, apply: (p) => ({ ...p, nonce: `${p.nonce}0` }) },
    { label: "signature of another token", expect: 401, apply: (p) => ({ ...p, signature: sign(["other", p.timestamp!, p.nonce!]) }) },
    { label: "signature padded", expect: 401, apply: (p) => ({ ...p, signature: `${p.signature} ` }) },
  ),
  // Replays: correctly signed, but outside ±300 s or not a plain number of seconds.
  fc.integer({ min: 301, max: 2_000_000_000 }).chain((d) => fc.constantFrom(NOW_S + d, NOW_S - d)).map((t): Forgery => ({ label: `timestamp ${t}`, expect: 401, apply: resign(String(t)) })),
  fc.constantFrom("-5", "1.5", `${NOW_S}.0`, "NaN", "1e9", ` ${NOW_S}`, `+${NOW_S}`, "9".repeat(13), "0", "１７６３８０００００", `${NOW_S * 1000}`).map(
    (t): Forgery => ({ label: `timestamp "${t}"`, expect: 401, apply: resign(t) }),
  ),
  fc.subarray(["signature", "timestamp", "nonce"], { minLength: 1 }).map((drop): Forgery => ({
    label: `missing ${drop.join(",")}`,
    expect: 400,
    apply: (p) => ({ ...p, ...Object.fromEntries(drop.map((k) => [k, undefined])) }),
  })),
);

type Attack =
  | { kind: "forgery"; forgery: Forgery }
  | { kind: "garbage"; garbage: Garbage }
  | { kind: "msg_signature"; value: string | undefined }
  | { kind: "no key configured" };
const attack: fc.Arbitrary<Attack> = fc.oneof(
  forgery.map((f): Attack => ({ kind: "forgery", forgery: f })),
  garbageEncrypt.map((g): Attack => ({ kind: "garbage", garbage: g })),
  fc.option(hex40, { nil: undefined }).map((value): Attack => ({ kind: "msg_signature", value })),
  fc.constant<Attack>({ kind: "no key configured" }),
);

/** The request for `attack` on a push, and the status the contract promises for it. */
function attackWire(xml: string, m: Mode, a: Attack): { params: Record<string, string | undefined>; body: string; want: number; label: string } {
  // Crypto attacks need a sealed push: plaintext mode gets the safe-mode form.
  const sealed = m === "plain" ? "safe" : m;
  switch (a.kind) {
    case "forgery": {
      const w = wireFor(xml, m);
      return { body: w.body, params: a.forgery.apply(w.params), want: a.forgery.expect, label: a.forgery.label };
    }
    case "garbage":
      // Garbage under a valid msg_signature: only the decryption stands in the way.
      return { ...wireFor(xml, sealed, { encrypt: a.garbage.encrypt }), want: 401, label: a.garbage.label };
    case "msg_signature": {
      const w = wireFor(xml, sealed);
      return { body: w.body, params: { ...w.params, msg_signature: a.value }, want: a.value === undefined ? 400 : 401, label: "msg_signature" };
    }
    case "no key configured":
      return { ...wireFor(xml, "safe"), want: 400, label: "safe mode without a key" };
  }
}

/** Forged, replayed or unopenable pushes: refused with the documented status, the handler never runs. */
export function refusals(stats: FuzzStats, overrides: Partial<WebhookOptions> = {}): fc.IAsyncProperty<[PushSpec, Mode, Attack]> {
  return fc.asyncProperty(pushSpec, fc.constantFrom<Mode>("plain", "compat", "safe"), attack, async (spec, m, a) => {
    stats.inputs += 1;
    const keyless = a.kind === "no key configured" ? { encodingAESKey: undefined, previousEncodingAESKey: undefined } : {};
    const reply: Behaviour = { outcome: { reply: { type: "text", content: "leak" } }, ticks: 0 };
    const { webhook, calls } = createFuzzWebhook(stats, () => reply, { ...overrides, ...keyless });
    const w = attackWire(pushXml(spec, 0), m, a);
    const { status, body } = await send(stats, () => webhook.handlePost(toRequest({ url: webhookUrl(w.params), body: w.body })));
    if (status !== w.want) fail(`${w.label}: want ${w.want}, got ${status} ${body.slice(0, 80)}`);
    if (calls.length !== 0) fail(`${w.label}: the handler ran for a refused push`);
  });
}

type Hostile = { label: string; wire: (m: Mode) => { params: Record<string, string>; body: HostileBody["body"]; contentLength?: string }; expect?: number };
const hostile: fc.Arbitrary<Hostile> = fc.oneof(
  hostileText.map((body): Hostile => ({ label: "plain body", wire: () => ({ params: signedParams(), body }) })),
  rawBody.map((b: HostileBody): Hostile => ({
    label: b.label,
    wire: () => ({ params: signedParams(), body: b.body, contentLength: b.contentLength }),
    expect: b.label.startsWith("oversize") ? 413 : undefined,
  })),
  // A valid envelope around a hostile payload: reaches the parser behind the decryption.
  hostileText.map((inner): Hostile => ({ label: "sealed hostile payload", wire: (m) => wireFor(inner, m === "plain" ? "safe" : m) })),
  // A mutated envelope (or compatible-mode body) around a valid payload; the signatures are the original ones.
  fc.tuple(validPushXml, mutations).map(([x, ops]): Hostile => ({
    label: "mutated envelope",
    wire: (m) => {
      const w = wireFor(x, m === "plain" ? "compat" : m);
      return { ...w, body: ops.reduce(applyOp, w.body) };
    },
  })),
  entityBomb.map((bomb): Hostile => ({ label: "entity bomb", wire: (m) => wireFor(bomb, m), expect: 400 })),
  // Ciphertext garbled within the base64 alphabet, under a valid msg_signature: CBC has no MAC, so
  // this may open to a changed message (200), an unparsable one (400) or nothing (401) — never worse.
  fc.tuple(validPushXml, fc.array(fc.tuple(fc.nat(), fc.constantFrom(..."AZaz09+/")), { minLength: 1, maxLength: 4 })).map(([x, subs]): Hostile => ({
    label: "garbled ciphertext",
    wire: (m) => {
      let e = sealMessage(x);
      for (const [at, c] of subs) e = e.slice(0, at % e.length) + c + e.slice((at % e.length) + 1);
      return wireFor(x, m === "plain" ? "safe" : m, { encrypt: e });
    },
  })),
);

// A bot may also return anything at all (JavaScript callers): the webhook must still answer.
const anyBehaviour = fc.oneof(
  behaviourArb,
  fc.anything().map((x): Behaviour => ({ outcome: { reply: x as Reply }, ticks: 0, untyped: true })),
);

/** Hostile bodies, correctly signed: never a throw or 5xx, a 200 is always a well-formed answer, no entity expands. */
export function hostileBodies(stats: FuzzStats, overrides: Partial<WebhookOptions> = {}): fc.IAsyncProperty<[Hostile, Mode, Behaviour]> {
  return fc.asyncProperty(hostile, fc.constantFrom<Mode>("plain", "compat", "safe"), anyBehaviour, async (h, m, behaviour) => {
    stats.inputs += 1;
    const { webhook, calls, settle } = createFuzzWebhook(stats, () => behaviour, overrides);
    const w = h.wire(m);
    const headers = w.contentLength === undefined ? undefined : { "content-length": w.contentLength };
    const { status, body } = await send(stats, () => webhook.handlePost(toRequest({ url: webhookUrl(w.params), body: w.body, headers })));
    await settle();
    if (h.expect !== undefined && status !== h.expect) fail(`${h.label}: want ${h.expect}, got ${status} ${body.slice(0, 80)}`);
    if (calls.length > 1) fail(`one request ran the handler ${calls.length} times`);
    for (const msg of calls) {
      checkRecordShape(msg.raw);
      if (JSON.stringify(msg.raw).includes(SENTINEL)) fail("the handler saw expanded entity content");
    }
    if (status === 200) openAnswer(body, { anyShape: behaviour.untyped });
  });
}

/** The server-URL check: echostr echoed verbatim only for a fresh, valid signature. */
export function echostrCheck(stats: FuzzStats): fc.IAsyncProperty<[string, Forgery | null]> {
  const echostr = fc.oneof(fc.base64String({ minLength: 4, maxLength: 90 }), fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 }));
  return fc.asyncProperty(echostr, fc.option(forgery, { nil: null }), async (e, f) => {
    stats.inputs += 1;
    const { webhook, calls } = createFuzzWebhook(stats, () => fail("GET must not run the handler"));
    const params = { ...signedParams(), echostr: e };
    const url = webhookUrl(f ? f.apply(params) : params);
    const { status, body } = await send(stats, () => webhook.handleGet(toRequest({ url, body: "" }, "GET")));
    if (f === null && (status !== 200 || body !== e)) fail(`valid GET got ${status} ${body.slice(0, 80)}`);
    if (f !== null && (status !== f.expect || body === e)) fail(`${f.label}: want ${f.expect}, got ${status} ${body.slice(0, 80)}`);
    if (calls.length !== 0) fail("GET ran the handler");
  });
}

/**
 * Plaintext pushes (issue: downgrade and replay): with a key set and plaintext not accepted,
 * a plaintext push is refused before the bot runs; where plaintext is accepted, a signed
 * query carries one body only — another body under it is refused, the same body is a retry
 * answered with the first reply.
 */
export function plaintextRules(stats: FuzzStats, overrides: Partial<WebhookOptions> = {}): fc.IAsyncProperty<[PushSpec, PushSpec]> {
  return fc.asyncProperty(pushSpec, pushSpec, async (a, b) => {
    stats.inputs += 1;
    const reply: Behaviour = { outcome: { reply: { type: "text", content: "ok" } }, ticks: 0 };
    const [first, second] = [wireFor(pushXml(a, 0), "plain"), wireFor(pushXml(b, 1), "plain")];
    const post = (webhook: { handlePost(r: Request): Promise<Response> }, body: string) =>
      send(stats, () => webhook.handlePost(toRequest({ url: webhookUrl(first.params), body })));

    const strict = createFuzzWebhook(stats, () => reply, { ...overrides, acceptPlaintext: false });
    const downgraded = await post(strict.webhook, first.body);
    if (downgraded.status !== 401 || strict.calls.length !== 0) fail(`downgrade: want 401 and no bot run, got ${downgraded.status}`);

    const open = createFuzzWebhook(stats, () => reply, overrides);
    const answered = await post(open.webhook, first.body);
    if (answered.status !== 200) fail(`plaintext accepted on purpose: want 200, got ${answered.status}`);
    if (second.body !== first.body) {
      const replayed = await post(open.webhook, second.body);
      if (replayed.status !== 401) fail(`the query with another body: want 401, got ${replayed.status}`);
    }
    const retry = await post(open.webhook, first.body);
    if (retry.status !== 200 || retry.body !== answered.body) fail("a retry with the same body must get the first answer");
    if (open.calls.length !== 1) fail(`the bot ran ${open.calls.length} times for one accepted push`);
  });
}
