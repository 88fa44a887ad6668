import { describe, expect, it } from "vitest";
import { WeChatConfigError } from "../errors";
import type { InboundMessage } from "../message";
import { text } from "../reply";
import { composeMessageHandler } from "../webhook/middleware";
import type { MessageContext } from "../webhook/types";
import { createWebhook } from "../webhook/webhook";
import { parseXml, type XmlRecord } from "../xml";
import { releaseTestMiddleware, RELEASE_TEST_ACCOUNTS } from "./release-test";
import { gate, settle } from "../../../test/support/wechat-fixtures";
import {
  AUTHORIZER,
  authorizerTokenValue,
  COMPONENT_APPID,
  componentTokenReply,
  createPlatformHarness,
  decryptSealed,
  PLATFORM_KEY,
  PLATFORM_TOKEN,
  pushInput,
  queryAuthReply,
  sealedPush,
  signValues,
} from "../../../test/support/component-fixtures";

const TEST_APPID = "wx570bc396a51b8ff8";
const TEST_USERNAME = "gh_3c884a361561";

const userPush = (to: string, inner: string): string =>
  `<xml><ToUserName><![CDATA[${to}]]></ToUserName><FromUserName><![CDATA[oTester]]></FromUserName><CreateTime>1700000000</CreateTime>${inner}</xml>`;
const textPush = (to: string, content: string, msgId = "6100000000000000001"): string =>
  userPush(to, `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId>`);
const eventPush = (to: string, event: string): string => userPush(to, `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${event}]]></Event>`);

const record = (xml: string): XmlRecord => {
  const parsed = parseXml(xml);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.record;
};

/** The webhook for `appId` as the app serves it for an authorized account: the platform's identity, the release test first. */
function setup(appId = TEST_APPID) {
  const h = createPlatformHarness();
  const platform = h.platform();
  const background: Array<Promise<unknown>> = [];
  const seen: Array<[InboundMessage, MessageContext]> = [];
  const bot = (msg: InboundMessage, ctx: MessageContext) => (seen.push([msg, ctx]), text("from the bot"));
  const webhook = createWebhook({
    ...platform.webhookIdentity(appId),
    onMessage: composeMessageHandler([releaseTestMiddleware(platform)], bot),
    clock: h.clock.now,
    waitUntil: (work) => void background.push(work),
  });
  const push = (xml: string, opts: Partial<Parameters<typeof sealedPush>[1]> = {}) => webhook.handle(pushInput(sealedPush(xml, { now: h.clock.now(), ...opts })));
  return { h, platform, push, seen, settle: () => Promise.all(background) };
}

/** The passive reply, its signature checked and sealed for the platform (component_appid inside). */
function openReply(body: string): XmlRecord {
  const outer = record(body);
  const encrypt = outer.Encrypt as string;
  expect(outer.MsgSignature).toBe(signValues(PLATFORM_TOKEN, outer.TimeStamp as string, outer.Nonce as string, encrypt));
  const { message, appId } = decryptSealed(encrypt, PLATFORM_KEY);
  expect(appId).toBe(COMPONENT_APPID);
  return record(message);
}

describe("全网发布 test cases", () => {
  it("lists WeChat's five groups of test accounts", () => {
    expect(RELEASE_TEST_ACCOUNTS).toHaveLength(10);
    expect(RELEASE_TEST_ACCOUNTS).toContainEqual({ kind: "公众号", appId: TEST_APPID, userName: TEST_USERNAME });
    expect(RELEASE_TEST_ACCOUNTS).toContainEqual({ kind: "小程序", appId: "wxd101a85aa106f53e", userName: "gh_8dad206e9538" });
  });

  it("answers TESTCOMPONENT_MSG_TYPE_TEXT with TESTCOMPONENT_MSG_TYPE_TEXT_callback, sealed with the platform's key", async () => {
    const { push, seen } = setup();
    const res = await push(textPush(TEST_USERNAME, "TESTCOMPONENT_MSG_TYPE_TEXT"));
    expect(res.status).toBe(200);
    expect(openReply(res.body)).toMatchObject({ ToUserName: "oTester", FromUserName: TEST_USERNAME, MsgType: "text", Content: "TESTCOMPONENT_MSG_TYPE_TEXT_callback" });
    expect(seen).toHaveLength(0);
  });

  it("answers an event with <Event>from_callback, the name as pushed", async () => {
    const { push } = setup();
    expect(openReply((await push(eventPush(TEST_USERNAME, "LOCATION"))).body).Content).toBe("LOCATIONfrom_callback");
    expect(openReply((await push(eventPush(TEST_USERNAME, "weapp_audit_success"))).body).Content).toBe("weapp_audit_successfrom_callback");
  });

  it("answers QUERY_AUTH_CODE at once, then exchanges the code and replies $code_from_api through the customer-service API", async () => {
    const { h, push, settle: drain } = setup();
    await h.keepTicket(1);
    const code = "queryauthcode@@@xFheEeiX51uxyrUSrgjPIvWm";
    const held = gate();
    h.fake
      .on({ path: "/cgi-bin/component/api_component_token", reply: componentTokenReply(1) })
      .on({ method: "POST", path: "/cgi-bin/component/api_query_auth", body: { authorization_code: code }, reply: async () => (await held.wait, queryAuthReply(TEST_APPID, 7)) })
      .on({
        method: "POST",
        path: "/cgi-bin/message/custom/send",
        query: { access_token: authorizerTokenValue(7) },
        body: { touser: "oTester", msgtype: "text", text: { content: `${code}_from_api` } },
        reply: { json: { errcode: 0, errmsg: "ok" } },
      });
    const res = await push(textPush(TEST_USERNAME, `QUERY_AUTH_CODE:${code}`));
    expect(res.body).toBe("success"); // answered while api_query_auth is still pending
    expect(h.fake.callsTo("/cgi-bin/message/custom/send")).toHaveLength(0);
    held.open();
    await settle();
    await drain();
    expect(h.fake.callsTo("/cgi-bin/message/custom/send")).toHaveLength(1);
    expect(await h.authorizers.get(COMPONENT_APPID, TEST_APPID)).toMatchObject({ status: "authorized" });
  });

  it("passes other accounts' pushes, and other texts, on to the bot", async () => {
    const { push, seen } = setup(AUTHORIZER);
    expect(openReply((await push(textPush("gh_customer", "TESTCOMPONENT_MSG_TYPE_TEXT"))).body).Content).toBe("from the bot");
    expect(openReply((await push(eventPush("gh_customer", "subscribe"))).body).Content).toBe("from the bot");
    const test = setup();
    expect(openReply((await test.push(textPush(TEST_USERNAME, "hello"))).body).Content).toBe("from the bot");
    expect(seen.map(([, ctx]) => ctx.account.appId)).toEqual([AUTHORIZER, AUTHORIZER]);
  });
});

describe("an authorized account's pushes: the platform's crypto identity", () => {
  it("is the platform's Token and key with component_appid sealed inside; the account stays the authorizer", async () => {
    const { push, seen } = setup(AUTHORIZER);
    expect((await push(textPush("gh_customer", "hi"))).status).toBe(200);
    expect(seen[0]![1].account).toEqual({ appId: AUTHORIZER });
  });

  it("refuses a push sealed for the account's own appid, with another key, or signed with another Token", async () => {
    const { push, seen } = setup(AUTHORIZER);
    expect((await push(textPush("gh_customer", "hi"), { appId: AUTHORIZER })).status).toBe(401);
    expect((await push(textPush("gh_customer", "hi"), { key: "K".repeat(43) })).status).toBe(401);
    expect((await push(textPush("gh_customer", "hi"), { token: "accounttoken" })).status).toBe(401);
    expect(seen).toHaveLength(0);
  });

  it("refuses a plaintext push (no downgrade)", async () => {
    const { h, platform } = setup(AUTHORIZER);
    const webhook = createWebhook({ ...platform.webhookIdentity(AUTHORIZER), onMessage: () => text("x"), clock: h.clock.now });
    const timestamp = String(Math.floor(h.clock.now() / 1000));
    const query = new URLSearchParams({ signature: signValues(PLATFORM_TOKEN, timestamp, "n1"), timestamp, nonce: "n1" });
    const res = await webhook.handle(pushInput({ body: textPush("gh_customer", "hi"), query }));
    expect(res.status).toBe(401);
  });

  it("will not configure a crypto appid without a key, or with plaintext accepted", () => {
    expect(() => createWebhook({ token: PLATFORM_TOKEN, appId: AUTHORIZER, cryptoAppId: COMPONENT_APPID, onMessage: () => null })).toThrow(WeChatConfigError);
    expect(() => createWebhook({ token: PLATFORM_TOKEN, appId: AUTHORIZER, cryptoAppId: COMPONENT_APPID, encodingAESKey: PLATFORM_KEY, acceptPlaintext: true, onMessage: () => null })).toThrow(WeChatConfigError);
    expect(() => createWebhook({ token: PLATFORM_TOKEN, appId: AUTHORIZER, cryptoAppId: "", encodingAESKey: PLATFORM_KEY, onMessage: () => null })).toThrow(WeChatConfigError);
  });
});
