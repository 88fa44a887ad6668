/**
 * Properties of the whole webhook, driven with real `Request` objects. Each
 * builder takes the shared figures and returns a fast-check property, so the
 * vitest file and scripts/fuzz-long.ts run the very same checks.
 */
import fc from "fast-check";
import type { WebhookOptions } from "@wxmp/wechat/webhook/webhook";
import { behaviourArb, indexOfSender, pushSpec, pushXml, type PushSpec } from "./arbitraries";
import type { XmlRecord } from "@wxmp/wechat/xml";
import { checkHandlerSaw, checkReply, expectedReply, fail } from "./expectations";
import {
  AES_KEY, NOW_MS, NOW_S, PREVIOUS_AES_KEY, SECRETS, createFuzzWebhook, openAnswer, send, tick, toRequest, webhookUrl, wireFor,
  type Behaviour, type Mode,
} from "./harness";
import type { FuzzStats } from "./stats";

const mode = fc.constantFrom<Mode>("plain", "compat", "safe");
const nonce = fc.oneof(fc.stringMatching(/^\d{5,10}$/), fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }));
const QUIET: Behaviour = { outcome: { reply: null }, ticks: 0 };

type Item = { spec: PushSpec; mode: Mode; key: string; behaviour: Behaviour; copies: Array<{ ticks: number; rank: number }>; skew: number; nonce: string };
const item: fc.Arbitrary<Item> = fc.record({
  spec: pushSpec,
  mode,
  // Pushes sealed with the key before the last rotation must work too, and be answered with it.
  key: fc.constantFrom(AES_KEY, PREVIOUS_AES_KEY),
  behaviour: behaviourArb,
  // One delivery, or WeChat's retries (2–4 copies) racing it; rank and ticks interleave them.
  copies: fc.array(fc.record({ ticks: fc.nat(4), rank: fc.nat() }), { minLength: 1, maxLength: 4 }),
  skew: fc.integer({ min: -300, max: 300 }),
  nonce,
});

/** Fails on a secret in a log line: logs leave the process, unlike the handler's arguments. */
function checkLogs(logs: string[]): void {
  for (const line of logs) for (const secret of SECRETS) if (line.includes(secret)) fail("a secret leaked into a log line");
}

/**
 * Valid signed pushes of every type, in every mode, duplicated and interleaved:
 * always 200, the handler runs exactly once per push, every copy gets the same
 * answer, and that answer is the bot's reply (encrypted iff the push was).
 */
export function validPushes(stats: FuzzStats, overrides: Partial<WebhookOptions> = {}): fc.IAsyncProperty<[Item[], boolean]> {
  const keyless = fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
  return fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 4 }), keyless, async (items, noKey) => {
    stats.inputs += 1;
    // Without an EncodingAESKey, compatible-mode pushes are handled (and answered) as plaintext.
    const config = noKey ? { ...overrides, encodingAESKey: undefined, previousEncodingAESKey: undefined } : overrides;
    const modeOf = (it: Item): Mode => (noKey && it.mode === "safe" ? "compat" : it.mode);
    const { webhook, calls, logs, settle } = createFuzzWebhook(stats, (msg) => items[indexOfSender(msg.fromUserName)]?.behaviour ?? QUIET, config);
    const wires = items.map((it, i) =>
      wireFor(pushXml(it.spec, i), modeOf(it), { key: it.key, timestamp: String(NOW_S + it.skew), nonce: it.nonce }),
    );
    const deliveries = items.flatMap((it, i) => it.copies.map((c) => ({ i, ...c }))).sort((a, b) => a.rank - b.rank);
    const answers = await Promise.all(
      deliveries.map(async ({ i, ticks }) => {
        for (let k = 0; k < ticks; k++) await tick();
        const w = wires[i]!;
        return { i, ...(await send(stats, () => webhook.handlePost(toRequest({ url: webhookUrl(w.params), body: w.body })))) };
      }),
    );
    await settle();
    checkLogs(logs);
    items.forEach((it, i) => {
      const seen = calls.filter((m) => indexOfSender(m.fromUserName) === i);
      stats.duplicatesExecuted += Math.max(0, seen.length - 1);
      if (seen.length !== 1) fail(`push ${i} (${it.spec.msgType}/${it.spec.event}) ran the handler ${seen.length} times`);
      checkHandlerSaw(seen[0]!, it.spec, i);
      const { outcome } = it.behaviour;
      const expected = "reply" in outcome && outcome.reply ? expectedReply(outcome.reply, seen[0]!.fromUserName, seen[0]!.toUserName) : "success";
      for (const a of answers.filter((x) => x.i === i)) {
        if (a.status !== 200) fail(`valid push ${i} got ${a.status}: ${a.body}`);
        const encrypted = a.body.startsWith("<xml><Encrypt>");
        const sealed = !noKey && it.mode !== "plain";
        if (a.body !== "success" && encrypted !== sealed) fail(`a ${modeOf(it)} push got an ${encrypted ? "encrypted" : "plaintext"} reply`);
        checkReply(openAnswer(a.body, { keys: [it.key] }), expected, `answer to push ${i}`);
      }
    });
  });
}

/**
 * Retries spread over the five minutes a push must be remembered, each signed at
 * its own time: the handler still runs once and every copy gets the first answer.
 */
export function retriesOverTime(stats: FuzzStats, overrides: Partial<WebhookOptions> = {}): fc.IAsyncProperty<[PushSpec, Mode, Behaviour, number[]]> {
  const later = fc.array(fc.integer({ min: 1, max: 299_999 }), { minLength: 1, maxLength: 3 }).map((a) => [0, ...a.sort((x, y) => x - y)]);
  return fc.asyncProperty(pushSpec, mode, behaviourArb, later, async (spec, m, behaviour, offsets) => {
    stats.inputs += 1;
    let now = NOW_MS;
    const { webhook, calls, settle } = createFuzzWebhook(stats, () => behaviour, { clock: () => now, ...overrides });
    const xml = pushXml(spec, 0);
    const answers: Array<XmlRecord | "success"> = [];
    for (const offset of offsets) {
      now = NOW_MS + offset;
      const seconds = String(Math.floor(now / 1000));
      const w = wireFor(xml, m, { timestamp: seconds });
      const a = await send(stats, () => webhook.handlePost(toRequest({ url: webhookUrl(w.params), body: w.body })));
      if (a.status !== 200) fail(`a retry ${offset} ms later got ${a.status}: ${a.body.slice(0, 80)}`);
      answers.push(openAnswer(a.body, { timestamp: seconds }));
    }
    await settle();
    stats.duplicatesExecuted += Math.max(0, calls.length - 1);
    if (calls.length !== 1) fail(`retries at ${offsets.join(", ")} ms ran the handler ${calls.length} times`);
    const { outcome } = behaviour;
    const expected = "reply" in outcome && outcome.reply ? expectedReply(outcome.reply, calls[0]!.fromUserName, calls[0]!.toUserName) : "success";
    answers.forEach((a, i) => checkReply(a, expected, `answer to the copy sent ${offsets[i]} ms after the first`));
  });
}
