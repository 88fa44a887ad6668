import { describe, expect, expectTypeOf, it } from "vitest";
import { parseMessageRecord, type InboundMessage } from "../message";
import { text } from "../reply";
import { batchedRecorder, composeMessageHandler, messageMiddleware, recorder } from "./middleware";
import type { MessageContext, MessageHandler } from "./types";

const base = { ToUserName: "gh_account", FromUserName: "oUser1", CreateTime: "1700000000" };
const textMsg = parseMessageRecord({ ...base, MsgType: "text", Content: "hi", MsgId: "1" });
const scan = parseMessageRecord({ ...base, MsgType: "event", Event: "SCAN", EventKey: "promo", Ticket: "T" });
const click = parseMessageRecord({ ...base, MsgType: "event", Event: "CLICK", EventKey: "K" });
const unknown = parseMessageRecord({ ...base, MsgType: "event", Event: "some_new_event" });
const ctx: MessageContext = { dedupKey: "key-1", receivedAt: 1_700_000_000_123, account: { appId: "wx_account" } };

const reply = text("from the bot");
const bot: MessageHandler = () => reply;

describe("composeMessageHandler", () => {
  it("runs the middleware in order around the bot, each with the message and the context", async () => {
    const trace: string[] = [];
    const around = (name: string) =>
      messageMiddleware(["event"], async (msg, c, next) => {
        trace.push(`${name} before ${msg.type} ${c.dedupKey}`);
        const answer = await next();
        trace.push(`${name} after`);
        return answer;
      });
    const handler = composeMessageHandler([around("a"), around("b")], (msg, c) => (trace.push(`bot ${c.account.appId}`), bot(msg, c)));
    expect(await handler(scan, ctx)).toBe(reply);
    expect(trace).toEqual(["a before event key-1", "b before event key-1", "bot wx_account", "b after", "a after"]);
  });

  it("hands a push only to the middleware that take its type or its event name", async () => {
    const seen: string[] = [];
    const take = (name: string, kinds: Parameters<typeof recorder>[0]) => recorder(kinds, async (msg) => void seen.push(`${name}:${msg.type}`));
    const handler = composeMessageHandler(
      [take("scans", ["SCAN", "subscribe"]), take("events", ["event"]), take("texts", ["text"]), take("unknowns", ["unknown"])],
      bot,
    );
    for (const msg of [textMsg, scan, click, unknown, scan]) await handler(msg, ctx);
    expect(seen).toEqual(["texts:text", "scans:event", "events:event", "events:event", "unknowns:unknown", "scans:event", "events:event"]);
  });

  it("the fast path: a push no middleware takes gets the bot's own answer, no promise made around it", () => {
    const handler = composeMessageHandler([recorder(["SCAN"], async () => undefined)], bot);
    // The bot answers synchronously: so does the chain for a text message.
    expect(handler(textMsg, ctx)).toBe(reply);
    const pending = Promise.resolve(reply);
    expect(composeMessageHandler([recorder(["SCAN"], async () => undefined)], () => pending)(textMsg, ctx)).toBe(pending);
    expect(composeMessageHandler([], bot)).toBe(bot);
  });

  it("a middleware may answer without calling the bot", async () => {
    let botCalls = 0;
    const handler = composeMessageHandler([messageMiddleware(["CLICK"], () => text("menu"))], () => (botCalls++, null));
    expect(await handler(click, ctx)).toEqual(text("menu"));
    expect(botCalls).toBe(0);
  });

  it("refuses next() called twice, and passes a recorder's failure on (the webhook answers success)", async () => {
    const twice = composeMessageHandler(
      [messageMiddleware(["event"], async (_msg, _c, next) => (await next(), next()))],
      bot,
    );
    await expect(twice(scan, ctx)).rejects.toThrow("next() called more than once");
    const failing = composeMessageHandler([recorder(["SCAN"], async () => Promise.reject(new Error("db down")))], bot);
    await expect(failing(scan, ctx)).rejects.toThrow("db down");
  });

  it("narrows the message to the kinds a middleware takes", () => {
    messageMiddleware(["SCAN", "subscribe"], (msg) => {
      expectTypeOf(msg.event).toEqualTypeOf<"SCAN" | "subscribe">();
      expectTypeOf(msg.scene).toEqualTypeOf<string | undefined>();
      return null;
    });
    messageMiddleware(["text"], (msg) => {
      expectTypeOf(msg.content).toEqualTypeOf<string>();
      return null;
    });
    recorder(["event"], async (msg) => {
      expectTypeOf(msg).not.toEqualTypeOf<InboundMessage>();
      expectTypeOf(msg.type).toEqualTypeOf<"event">();
    });
  });
});

describe("batchedRecorder", () => {
  it("lets the chain go on at once, writes each batch after the one before, and drops a failed one to onError", async () => {
    const writes: string[][] = [];
    const errors: number[] = [];
    let releaseFirst: () => void = () => undefined;
    const rec = batchedRecorder({
      takes: ["text"],
      entry: (msg) => msg.content,
      write: async (batch) => {
        if (writes.length === 0) await new Promise<void>((resolve) => (releaseFirst = resolve));
        writes.push(batch);
        if (batch.includes("boom")) throw new Error("db down");
      },
      onError: (_error, count) => errors.push(count),
      batchMs: 60_000,
    });
    const handler = composeMessageHandler([rec], () => text("ok"));
    const say = (content: string) => handler(parseMessageRecord({ ...base, MsgType: "text", Content: content, MsgId: content }), ctx);
    expect(await say("a")).toEqual(text("ok"));
    await say("b");
    const first = rec.flush();
    await say("boom");
    const second = rec.flush();
    await Promise.resolve();
    expect(writes).toEqual([]); // the first write is still running: the second waits for it
    releaseFirst();
    await Promise.all([first, second]);
    expect(writes).toEqual([["a", "b"], ["boom"]]);
    expect(errors).toEqual([1]);
    await rec.flush(); // nothing buffered: no write
    expect(writes).toHaveLength(2);
  });
});
