import { describe, expect, it } from "vitest";
import { testBot } from "./test-bot";
import { parseMessage, type InboundMessage } from "@wxmp/wechat/message";
import type { MessageContext } from "@wxmp/wechat/webhook/types";

const push = (fields: string): InboundMessage =>
  parseMessage(
    `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[oUser]]></FromUserName><CreateTime>1700000000</CreateTime>${fields}</xml>`,
  )!;
const click = (key: string) => push(`<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[${key}]]></EventKey>`);

const ctx: MessageContext = { dedupKey: "test", receivedAt: 1_700_000_000_000, account: { appId: "wx0test" } };

describe("the end-to-end suite's test bot (BOT=test)", () => {
  it("echoes text, acknowledges a subscription and answers its menu keys", async () => {
    expect(await testBot(push("<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[x y]]></Content><MsgId>1</MsgId>"), ctx)).toEqual({
      type: "text",
      content: "echo:x y",
    });
    expect(await testBot(push("<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>"), ctx)).toEqual({
      type: "text",
      content: "test-bot:subscribed",
    });
    const byQr = push("<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[qrscene_promo]]></EventKey><Ticket><![CDATA[T]]></Ticket>");
    expect(await testBot(byQr, ctx)).toEqual({ type: "text", content: "test-bot:subscribed:scene=promo" });
    expect(await testBot(click("TEST_NEWS"), ctx)).toMatchObject({ type: "news", article: { title: "test-bot:news" } });
    expect(await testBot(click("TEST_SLOW_3"), ctx)).toEqual({ type: "text", content: "test-bot:slow:3" });
    await expect(Promise.resolve().then(() => testBot(click("TEST_THROW"), ctx))).rejects.toThrow("test-bot handler failure");
    expect(await testBot(click("DEMO_NEWS"), ctx)).toBeNull();
  });
});
