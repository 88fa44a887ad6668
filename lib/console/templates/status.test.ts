import { describe, expect, it } from "vitest";
import { parseMessage, type InboundMessage, type TemplateSendJobFinishEvent } from "@wxmp/wechat/message";
import { computeSignature } from "@wxmp/wechat/signature";
import { handleWebRequest } from "@wxmp/wechat/webhook/web-adapter";
import { createMemoryDedupStore } from "@wxmp/wechat/webhook/dedup";
import { composeMessageHandler, recorder } from "@wxmp/wechat/webhook/middleware";
import { createWebhook } from "@wxmp/wechat/webhook/webhook";
import { createMemoryTemplateSendStore, isMsgId, recordTemplateJob, type TemplateSendStore } from "./status";

const T0 = 1_700_000_000_000;
const TOKEN = "console-token";
const jobXml = (msgId: string, status: string, to = "oUserA") =>
  `<xml><ToUserName><![CDATA[gh_acct]]></ToUserName><FromUserName><![CDATA[${to}]]></FromUserName>` +
  `<CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>` +
  `<MsgID>${msgId}</MsgID><Status><![CDATA[${status}]]></Status></xml>`;
const parse = (xml: string): InboundMessage => parseMessage(xml) as InboundMessage;
const job = (xml: string): TemplateSendJobFinishEvent => parse(xml) as TemplateSendJobFinishEvent;

describe("recordTemplateJob", () => {
  it("stores WeChat's status and the normalised outcome by msgid", async () => {
    const store = createMemoryTemplateSendStore();
    await store.recordSend({ msgid: "200163836", templateId: "TPL", touser: "oUserA", sentAt: T0 });
    expect(await recordTemplateJob(store, job(jobXml("200163836", "failed:user block")), T0 + 5)).toBe(true);
    expect(await store.get("200163836")).toEqual({
      msgid: "200163836", templateId: "TPL", touser: "oUserA", sentAt: T0, status: "failed:user block", outcome: "user_block", finishedAt: T0 + 5,
    });
  });

  it("keeps a push that overtakes the send's own record, and the send then completes it", async () => {
    const store = createMemoryTemplateSendStore();
    await recordTemplateJob(store, job(jobXml("42", "success")), T0 + 1);
    expect(await store.get("42")).toMatchObject({ templateId: null, sentAt: null, status: "success", outcome: "success" });
    await store.recordSend({ msgid: "42", templateId: "TPL", touser: "oUserA", sentAt: T0 });
    expect(await store.get("42")).toMatchObject({ templateId: "TPL", sentAt: T0, status: "success", finishedAt: T0 + 1 });
  });

  it("as a recorder in the chain: takes template jobs only, other messages and job events pass it by", async () => {
    const store = createMemoryTemplateSendStore();
    const seen: string[] = [];
    const handler = composeMessageHandler(
      [recorder(["TEMPLATESENDJOBFINISH"], async (msg, ctx) => void (await recordTemplateJob(store, msg, ctx.receivedAt)))],
      (msg) => void seen.push(msg.type),
    );
    const ctx = { dedupKey: "k", receivedAt: T0, account: { appId: "wx0" } };
    const text = parse(`<xml><ToUserName>gh</ToUserName><FromUserName>oU</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>hi</Content><MsgId>7</MsgId></xml>`);
    const mass = parse(jobXml("7", "sendsuccess").replace("TEMPLATESENDJOBFINISH", "MASSSENDJOBFINISH"));
    await handler(text, ctx);
    await handler(mass, ctx);
    expect(await store.get("7")).toBeNull();
    await handler(parse(jobXml("8", "success")), ctx);
    expect(await store.get("8")).toMatchObject({ status: "success", finishedAt: T0 });
    expect(seen).toEqual(["text", "event", "event"]);
  });

  it("refuses a MsgID that is no msgid", async () => {
    const store = createMemoryTemplateSendStore();
    expect(await recordTemplateJob(store, job(jobXml("12a", "success")), T0)).toBe(false);
    expect(await store.get("12a")).toBeNull();
  });

  it("accepts only decimal msgids", () => {
    expect(isMsgId("200163836")).toBe(true);
    for (const bad of ["", "12a", "1".repeat(33), null, 12]) expect(isMsgId(bad)).toBe(false);
  });
});

describe("recording in the webhook's exactly-once path", () => {
  it("a push retried by WeChat is recorded once", async () => {
    const inner = createMemoryTemplateSendStore();
    let finishes = 0;
    const store: TemplateSendStore = { ...inner, recordFinish: (f) => (finishes++, inner.recordFinish(f)) };
    const webhook = createWebhook({
      token: TOKEN,
      appId: "wx0000000000000000",
      clock: () => T0,
      dedup: createMemoryDedupStore(),
      onMessage: composeMessageHandler([recorder(["TEMPLATESENDJOBFINISH"], async (msg, ctx) => void (await recordTemplateJob(store, msg, ctx.receivedAt)))], () => null),
    });
    const ts = String(T0 / 1000);
    const url = `https://mp.example.com/api/wechat?signature=${computeSignature([TOKEN, ts, "n1"])}&timestamp=${ts}&nonce=n1`;
    const push = () => handleWebRequest(webhook, new Request(url, { method: "POST", body: jobXml("9001", "success") }));
    for (let i = 0; i < 3; i++) expect((await push()).status).toBe(200);
    expect(finishes).toBe(1);
    expect(await store.get("9001")).toMatchObject({ status: "success", outcome: "success" });
  });
});
