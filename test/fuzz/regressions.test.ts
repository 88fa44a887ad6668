/**
 * Minimal reproductions of what the webhook fuzzer found, kept as plain tests.
 *
 * 1. A text message that merely mentions `<!DOCTYPE` or `<!ENTITY` (a user
 *    pasting HTML into the chat; WeChat sends it inside CDATA) was refused
 *    with 400, so WeChat retried three times and showed the user
 *    "该公众号暂时无法提供服务". Fixed in xml.ts by ignoring CDATA, comments and
 *    processing instructions when looking for declarations.
 *
 * 2. That fix's regex (`<\?[\s\S]*?\?>` and friends, lazy, global) rescans the
 *    rest of the document from every unterminated `<?`, `<!--` or `<![CDATA[`:
 *    quadratic. 128 KiB of "<?" takes 9 s, a body at the 1 MiB limit about
 *    ten minutes, blocking the event loop — and the outer body is parsed before
 *    anything in it is authenticated (`signature` does not cover the body), so
 *    one replayed signed URL is enough. Fix: find declarations in a single
 *    indexOf pass that skips each opaque section to its terminator and stops at
 *    an unterminated one (see the report for the code).
 *
 * 3. A bot that throws a value String() cannot convert (a null-prototype
 *    object, an object whose toString throws) makes handlePost reject — a 500
 *    from the route — because webhook.ts logs `String(error)` inside its catch.
 *    The push's dedup record also stays `running`, so WeChat's retry waits out
 *    the whole reply deadline, and one arriving after the lease runs the bot
 *    again. Fix: describe errors without throwing, e.g.
 *    `try { return error instanceof Error ? error.message : String(error) } catch { return "unprintable error" }`.
 */
import { describe, expect, it } from "vitest";
import { createMemoryDedupStore } from "@wxmp/wechat/webhook/dedup";
import { getDedupKey, parseMessage } from "@wxmp/wechat/message";
import { parseXml } from "@wxmp/wechat/xml";
import { cdata, createFuzzWebhook, send, toRequest, webhookUrl, wireFor, type Mode } from "./harness";
import { createStats } from "./stats";

function textPush(content: string): string {
  return `<xml><ToUserName>${cdata("gh_fuzzaccount")}</ToUserName><FromUserName>${cdata("oUser")}</FromUserName>` +
    `<CreateTime>1763800000</CreateTime><MsgType>${cdata("text")}</MsgType><Content>${cdata(content)}</Content><MsgId>1</MsgId></xml>`;
}

describe("regressions found by the webhook fuzzer", () => {
  it.each<[string, Mode]>([
    ["<!DOCTYPE html><p>hi</p>", "plain"],
    ["<!doctype html>", "safe"],
    ['<!ENTITY x "y">', "compat"],
  ])("a text message mentioning %s (%s mode) reaches the bot", async (content, mode) => {
    const stats = createStats();
    const { webhook, calls } = createFuzzWebhook(stats, () => ({ outcome: { reply: null }, ticks: 0 }));
    const w = wireFor(textPush(content), mode);
    const { status, body } = await send(stats, () => webhook.handlePost(toRequest({ url: webhookUrl(w.params), body: w.body })));
    expect({ status, body }).toEqual({ status: 200, body: "success" });
    expect(calls.map((m) => m.type === "text" && m.content)).toEqual([content]);
  });

  /** Milliseconds parseXml takes on `count` unterminated `unit`s inside <xml>. */
  function timeParse(unit: string, count: number): number {
    const doc = `<xml>${unit.repeat(count)}</xml>`;
    const started = performance.now();
    expect(parseXml(doc).ok).toBe(false);
    return performance.now() - started;
  }

  it.each(["<?", "<!--", "<![CDATA["])("parseXml stays linear in the number of unterminated %s", (unit) => {
    timeParse(unit, 100); // warm-up, so JIT compilation does not count
    const small = timeParse(unit, 10_000);
    const large = timeParse(unit, 40_000);
    // Four times the input: linear takes ~4x (milliseconds), the quadratic bug ~10-16x (seconds).
    // Relative, not a speed target: machine speed cancels out; the slack absorbs a GC pause.
    expect(large).toBeLessThan(4.5 * small + 250);
  });

  it.each([
    ["a null-prototype object", (): unknown => Object.create(null)],
    ["an object whose toString throws", (): unknown => ({ toString: () => { throw new Error("no"); } })],
  ])("a bot that throws %s: the push is answered success and settled", async (_, thrown) => {
    const stats = createStats();
    const dedup = createMemoryDedupStore();
    const { webhook } = createFuzzWebhook(stats, () => ({ outcome: { reply: null }, ticks: 0 }), {
      dedup,
      onMessage: () => {
        throw thrown();
      },
    });
    const xml = textPush("hi");
    const w = wireFor(xml, "plain");
    const answer = await webhook.handlePost(toRequest({ url: webhookUrl(w.params), body: w.body })).then(
      async (res) => ({ status: res.status, body: await res.text() }),
      (error: unknown) => ({ rejected: error instanceof Error ? error.message : "unprintable" }),
    );
    expect(answer).toEqual({ status: 200, body: "success" });
    // Settled, so a retry gets that answer at once instead of waiting out the deadline.
    expect((await dedup.get(getDedupKey(parseMessage(xml)!)))?.status).toBe("done");
  });
});
