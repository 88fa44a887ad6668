import { describe, expect, it, vi } from "vitest";
import { parseMessage } from "@wxmp/wechat/message";
import { composeMessageHandler } from "@wxmp/wechat/webhook/middleware";
import type { MessageContext } from "@wxmp/wechat/webhook/types";
import { createMemoryInteractionStore, type InteractionStore } from "./interactions";
import { interactionRecorder } from "./recorder";

const T0 = 1_700_000_000_000;
const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const ctx = (receivedAt: number): MessageContext => ({ dedupKey: `k${receivedAt}`, receivedAt, account: { appId: "wx0example00000001" } });
const xml = (from: string, body: string): string =>
  `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>1700000000</CreateTime>${body}</xml>`;
const text = (from: string) => parseMessage(xml(from, "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content><MsgId>1</MsgId>"));
const scan = (from: string) => parseMessage(xml(from, "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]></Event><EventKey><![CDATA[7]]></EventKey>"));
const view = (from: string) => parseMessage(xml(from, "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[VIEW]]></Event><EventKey><![CDATA[https://x.cn/]]></EventKey>"));

describe("interactionRecorder", () => {
  it("notes messages and scans by kind, in one batch, without holding up the reply", async () => {
    const store = createMemoryInteractionStore();
    const record = vi.spyOn(store, "recordInteractions");
    const rec = interactionRecorder({ store, logger, batchMs: 10_000 });
    const handler = composeMessageHandler([rec], async () => ({ type: "text", content: "reply" }) as never);
    await handler(text("oA") as never, ctx(T0));
    await handler(scan("oB") as never, ctx(T0 + 5));
    await handler(view("oC") as never, ctx(T0 + 6)); // opening a link is no interaction WeChat counts
    // Replies went out; nothing was written yet.
    expect(record).not.toHaveBeenCalled();
    await rec.flush();
    expect(record).toHaveBeenCalledTimes(1);
    expect(await store.get("oA")).toEqual({ openid: "oA", at: T0, kind: "message", sent: 0 });
    expect(await store.get("oB")).toEqual({ openid: "oB", at: T0 + 5, kind: "event", sent: 0 });
    expect(await store.get("oC")).toBeNull();
  });

  it("a failing store is logged, never thrown", async () => {
    const store: InteractionStore = { ...createMemoryInteractionStore(), recordInteractions: () => Promise.reject(new Error("db down")) };
    const rec = interactionRecorder({ store, logger, batchMs: 10_000 });
    const handler = composeMessageHandler([rec], async () => ({ type: "text", content: "ok" }) as never);
    await expect(handler(text("oA") as never, ctx(T0))).resolves.toBeTruthy();
    await expect(rec.flush()).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith("follower interactions not recorded", expect.objectContaining({ count: 1 }));
  });
});
