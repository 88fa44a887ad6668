/**
 * The example bot's own words (lib/bot.ts), end to end on an app of its own (no BOT=test).
 * Change the bot, change this file: every other spec runs the test bot.
 */
import { expect, test } from "@playwright/test";
import { E2E } from "./e2e-env";
import { startApp, type AppProcess } from "./support/app-process";
import { newOpenid, openReply, postPush, textXml, xmlField } from "./support/wechat-push";

const EXAMPLE_PORT = E2E.appPort + 3;
let app: AppProcess | undefined;

test.beforeAll(async () => {
  app = await startApp(EXAMPLE_PORT, { BOT: undefined });
});
test.afterAll(async () => {
  await app?.stop();
});

test("the example bot answers text with Hello + the text, and welcomes a follower", async () => {
  const from = newOpenid();
  const answer = await postPush({ port: EXAMPLE_PORT, mode: "safe", xml: textXml({ from, content: "你好" }) });
  expect(answer.status).toBe(200);
  expect(xmlField(openReply(answer.body), "Content")).toBe("Hello 你好");
  const subscribe =
    `<xml><ToUserName><![CDATA[gh_e2e000000001]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
    `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>`;
  const welcome = await postPush({ port: EXAMPLE_PORT, mode: "safe", xml: subscribe });
  expect(xmlField(openReply(welcome.body), "Content")).toBe("欢迎关注！发送任意文字，我会回复 Hello + 你的文字。");
});
