/**
 * "Never time out": a bot slower than WeChat's 5 s window, and bodies as large
 * and as expensive to parse as the size limit lets through.
 */
import fc from "fast-check";
import { behaviourArb, pushSpec, pushXml, type PushSpec } from "./arbitraries";
import { fail } from "./expectations";
import { createFuzzWebhook, openAnswer, send, signedParams, toRequest, webhookUrl, wireFor, type Behaviour, type Mode } from "./harness";
import type { FuzzStats } from "./stats";
import { heavyDocument } from "./hostile-arbitraries";

const mode = fc.constantFrom<Mode>("plain", "compat", "safe");

/**
 * A bot slower than the reply deadline: every copy still gets `success` (WeChat
 * never waits past its 5 s), the handler runs once, and its reply goes out late exactly once.
 */
export function slowHandler(stats: FuzzStats): fc.IAsyncProperty<[PushSpec, Mode, Behaviour, number]> {
  return fc.asyncProperty(pushSpec, mode, behaviourArb, fc.integer({ min: 1, max: 3 }), async (spec, m, behaviour, copies) => {
    stats.inputs += 1;
    const late: unknown[] = [];
    // A 15 ms deadline and a 60 ms bot stand in for 4.5 s and a bot that hangs.
    const { webhook, calls, settle } = createFuzzWebhook(stats, () => ({ ...behaviour, delayMs: 60 }), {
      replyDeadlineMs: 15,
      deliverLate: async (_msg, reply) => void late.push(reply),
    });
    const w = wireFor(pushXml(spec, 0), m);
    const answers = await Promise.all(
      Array.from({ length: copies }, () => send(stats, () => webhook.handlePost(toRequest({ url: webhookUrl(w.params), body: w.body })))),
    );
    await settle();
    stats.duplicatesExecuted += Math.max(0, calls.length - 1);
    if (calls.length !== 1) fail(`the handler ran ${calls.length} times`);
    for (const a of answers) if (a.status !== 200 || a.body !== "success") fail(`a late bot's push got ${a.status} ${a.body.slice(0, 80)}`);
    const reply = "reply" in behaviour.outcome ? behaviour.outcome.reply : null;
    if (late.length !== (reply ? 1 : 0)) fail(`the late reply went out ${late.length} times`);
  });
}

/**
 * Bodies just under 1 MiB of markup chosen to be expensive (deep nesting,
 * thousands of siblings, unterminated sections), plain and sealed: answered
 * like any other malformed or odd push. How long they took shows in `slowest answer`.
 */
export function heavyBodies(stats: FuzzStats): fc.IAsyncProperty<[[{ label: string; text: string }, boolean]]> {
  // Sealed bodies grow by a third in base64, so their payload is kept under 760 KiB.
  const doc = fc.boolean().chain((sealed) => fc.tuple(heavyDocument(sealed ? 760 * 1024 : 1000 * 1024), fc.constant(sealed)));
  return fc.asyncProperty(doc, async ([{ label, text }, sealed]) => {
    stats.inputs += 1;
    const { webhook, calls } = createFuzzWebhook(stats, () => ({ outcome: { reply: { type: "text", content: "ok" } }, ticks: 0 }));
    const w = sealed ? wireFor(text, "safe") : { params: signedParams(), body: text };
    const { status, body } = await send(stats, () => webhook.handlePost(toRequest({ url: webhookUrl(w.params), body: w.body })));
    if (status === 413) fail(`${label}: under the limit but refused as too large`);
    if (calls.length > 1) fail(`${label}: the handler ran ${calls.length} times`);
    if (status === 200) openAnswer(body);
  });
}
