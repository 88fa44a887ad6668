/**
 * The example bot's own words (lib/bot.ts). Change the bot, change this file: no other test
 * depends on what the example bot says (the framework is tested with lib/test-bot.ts).
 */
import { describe, expect, it } from "vitest";
import { createBot } from "./bot";
import { parseMessage, type InboundMessage } from "@wxmp/wechat/message";
import type { MessageContext } from "@wxmp/wechat/webhook/types";

// APP_URL and BOT_DEMO_COMMANDS=1, as the composition root passes them.
const bot = createBot({ appUrl: "https://mp.example.com", demoCommands: true });

const push = (fields: string): InboundMessage =>
  parseMessage(
    `<xml><ToUserName><![CDATA[gh_example]]></ToUserName><FromUserName><![CDATA[oUser]]></FromUserName><CreateTime>1700000000</CreateTime>${fields}</xml>`,
  )!;

// What the webhook hands the bot beside the push.
const ctx: MessageContext = { dedupKey: "test", receivedAt: 1_700_000_000_000, account: { appId: "wx0example00000001" } };

describe("the example bot (lib/bot.ts)", () => {
  it("answers text with Hello + the text", async () => {
    const msg = push("<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content><MsgId>1</MsgId>");
    expect(await bot(msg, ctx)).toEqual({ type: "text", content: "Hello 你好" });
  });

  it("welcomes a new follower", async () => {
    const msg = push("<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>");
    expect(await bot(msg, ctx)).toEqual({ type: "text", content: "欢迎关注！发送任意文字，我会回复 Hello + 你的文字。" });
  });

  it("answers a menu click it knows, a scene QR scan, and ignores a template delivery report", async () => {
    const click = push("<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[MENU_CONTACT]]></EventKey>");
    expect(await bot(click, ctx)).toMatchObject({ type: "text", content: expect.stringContaining("客服在线时间") });
    const scan = push("<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]></Event><EventKey><![CDATA[spring-sale]]></EventKey><Ticket><![CDATA[T]]></Ticket>");
    expect(await bot(scan, ctx)).toEqual({ type: "text", content: "您扫描了二维码「spring-sale」，感谢关注我们的活动。" });
    const job = push(
      "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>200163836</MsgID><Status><![CDATA[success]]></Status>",
    );
    expect(await bot(job, ctx)).toBeNull();
  });

  it("has the demo menu: a news card, a slow reply and a failure", async () => {
    const click = (key: string) => push(`<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[${key}]]></EventKey>`);
    expect(await bot(click("DEMO_NEWS"), ctx)).toMatchObject({
      type: "news",
      article: { title: "公众号网页示例", url: "https://mp.example.com/", picUrl: "https://mp.example.com/jssdk/icon.png" },
    });
    expect(await bot(click("DEMO_SLOW_5"), ctx)).toEqual({ type: "text", content: "慢任务完成（5 毫秒）" });
    await expect(Promise.resolve().then(() => bot(click("DEMO_THROW"), ctx))).rejects.toThrow("demo handler failure");
    expect(await bot(click("SOMETHING_ELSE"), ctx)).toBeNull();
  });
});

describe("the example bot without BOT_DEMO_COMMANDS", () => {
  it("leaves the demo menu keys unanswered", async () => {
    const quiet = createBot({ appUrl: "https://mp.example.com", demoCommands: false });
    const click = push("<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[DEMO_NEWS]]></EventKey>");
    expect(await quiet(click, ctx)).toBeNull();
  });
});
