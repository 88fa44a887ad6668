import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decryptMessage, encryptMessage, signValues } from "../protocol/crypto";
import { buildXml, parseXml, textOf } from "../protocol/xml";
import type { RunningSimulator } from "../server";
import { AES_KEY, APP_ID, TOKEN, getJson, postJson, startTestSimulator } from "../testing/test-support";

/** A tiny stand-in for the app's webhook; each test sets `behave`. */
interface Received {
  query: URLSearchParams;
  body: string;
}
let received: Received[] = [];
let behave: (req: Received, n: number) => { delayMs?: number; status?: number; body: string } = () => ({ body: "success" });
let hook: http.Server;
let hookUrl: string;
let sim: RunningSimulator;

beforeAll(async () => {
  hook = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = { query: new URL(req.url!, "http://x").searchParams, body: Buffer.concat(chunks).toString("utf8") };
      received.push(r);
      const answer = behave(r, received.length);
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(answer.status ?? 200, { "content-type": "text/xml" });
        res.end(answer.body);
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/api/wechat`;
  sim = await startTestSimulator({ webhookUrl: hookUrl });
});
afterAll(async () => {
  await sim.close();
  hook.closeAllConnections();
  await new Promise((resolve) => hook.close(resolve));
});
beforeEach(() => {
  sim.state.reset();
  received = [];
  behave = () => ({ body: "success" });
});

function textReply(to: string, content: string): string {
  return buildXml({ ToUserName: to, FromUserName: sim.account.originalId, CreateTime: 1_700_000_000, MsgType: "text", Content: content });
}

function encryptedReply(xml: string, tamper = false): string {
  const encrypt = encryptMessage(xml, APP_ID, AES_KEY);
  const ts = "1700000000";
  const nonce = "12345";
  const sig = tamper ? "0".repeat(40) : signValues(TOKEN, ts, nonce, encrypt);
  return `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt><MsgSignature><![CDATA[${sig}]]></MsgSignature><TimeStamp>${ts}</TimeStamp><Nonce><![CDATA[${nonce}]]></Nonce></xml>`;
}

describe("pushMessage", () => {
  it("plaintext: signs the URL, sends a 64-bit MsgId, reads the reply and opens the 48 h window", async () => {
    const user = sim.account.users.all[0]!;
    behave = (r) => ({ body: textReply(r.query.get("openid")!, `Hello ${textOf(parseXml(r.body)!, "Content")}`) });
    const result = await sim.push({ mode: "plaintext", message: { type: "text", from: user.openid, content: "你好" } });
    const q = received[0]!.query;
    expect(q.get("signature")).toBe(signValues(TOKEN, q.get("timestamp")!, q.get("nonce")!));
    expect(q.get("openid")).toBe(user.openid);
    expect(q.has("encrypt_type")).toBe(false);
    const msgId = /<MsgId>(\d+)<\/MsgId>/.exec(received[0]!.body)![1]!;
    expect(BigInt(msgId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(result).toMatchObject({ delivered: true, msgId, reply: { kind: "text", content: "Hello 你好" }, replyErrors: [] });
    expect(user.lastInboundAt).toBeDefined();
    expect(sim.state.conversation.map((e) => e.role)).toEqual(["user", "bot"]);
  });

  it("drops the connection at the deadline and retries with the same MsgId and CreateTime", async () => {
    behave = (_r, n) => ({ delayMs: n === 1 ? 400 : 0, body: "success" });
    const result = await sim.push({ mode: "plaintext", message: { type: "text", content: "hi" }, timeoutMs: 150 });
    expect(result.attempts.map((a) => a.error ?? a.status)).toEqual(["timeout", 200]);
    expect(result.attempts[0]!.ms).toBeGreaterThanOrEqual(140);
    expect(received).toHaveLength(2);
    const ids = received.map((r) => [textOf(parseXml(r.body)!, "MsgId"), textOf(parseXml(r.body)!, "CreateTime")]);
    expect(ids[1]).toEqual(ids[0]);
    expect(result.delivered).toBe(true);
    expect(result.userVisibleError).toBeUndefined();
  });

  it("gives up after 3 tries and shows WeChat's service-unavailable text", async () => {
    behave = () => ({ delayMs: 300, body: "success" });
    const result = await sim.push({ mode: "plaintext", message: { type: "CLICK", key: "V1001" }, timeoutMs: 60 });
    expect(result.attempts.map((a) => a.error)).toEqual(["timeout", "timeout", "timeout"]);
    expect(result.userVisibleError).toBe("该公众号暂时无法提供服务，请稍后再试");
    expect(result.msgId).toBeUndefined(); // events carry no MsgId
  });

  it("safe mode: only Encrypt in the body, a valid msg_signature, and an encrypted reply verified and decrypted", async () => {
    behave = (r) => {
      const doc = parseXml(r.body)!;
      const plain = decryptMessage(textOf(doc, "Encrypt"), AES_KEY).message;
      return { body: encryptedReply(textReply(textOf(parseXml(plain)!, "FromUserName"), "加密回复")) };
    };
    const result = await sim.push({ mode: "safe", message: { type: "text", content: "secret" } });
    const { query, body } = received[0]!;
    const doc = parseXml(body)!;
    expect(Object.keys(doc).sort()).toEqual(["Encrypt", "ToUserName"]);
    expect(query.get("encrypt_type")).toBe("aes");
    expect(query.get("msg_signature")).toBe(signValues(TOKEN, query.get("timestamp")!, query.get("nonce")!, textOf(doc, "Encrypt")));
    expect(decryptMessage(textOf(doc, "Encrypt"), AES_KEY)).toMatchObject({ appId: APP_ID });
    expect(result.reply).toEqual({ kind: "text", content: "加密回复" });
    expect(result.attempts[0]!.decryptedReply).toContain("加密回复");
  });

  it("safe mode rejects a plaintext reply and a reply with a bad MsgSignature", async () => {
    behave = (r) => ({ body: textReply(r.query.get("openid")!, "plain") });
    const plain = await sim.push({ mode: "safe", message: { type: "text", content: "x" } });
    expect(plain.replyErrors).toContain("safe mode requires an encrypted reply");
    expect(plain.userVisibleError).toBeTruthy();
    behave = (r) => ({ body: encryptedReply(textReply(r.query.get("openid")!, "x"), true) });
    const forged = await sim.push({ mode: "safe", message: { type: "text", content: "x" } });
    expect(forged.replyErrors).toContain("reply MsgSignature does not verify");
  });

  it("compatible mode sends the plaintext fields and Encrypt; news replies are parsed", async () => {
    behave = (r) => ({
      body: buildXml({
        ToUserName: r.query.get("openid")!, FromUserName: sim.account.originalId, CreateTime: 1_700_000_000, MsgType: "news", ArticleCount: 1,
        Articles: [{ Title: "标题", Description: "描述", PicUrl: "http://x/p.png", Url: "http://x/a" }],
      }),
    });
    const result = await sim.push({ mode: "compatible", message: { type: "subscribe", qrScene: "42" } });
    const doc = parseXml(received[0]!.body)!;
    expect(textOf(doc, "Event")).toBe("subscribe");
    expect(textOf(doc, "EventKey")).toBe("qrscene_42");
    expect(textOf(doc, "Encrypt")).not.toBe("");
    expect(result.reply).toEqual({ kind: "news", articles: [{ title: "标题", description: "描述", picUrl: "http://x/p.png", url: "http://x/a" }] });
  });

  it("flags a CreateTime in milliseconds and does not retry on an HTTP error", async () => {
    behave = (r) => ({ body: textReply(r.query.get("openid")!, "x").replace("1700000000", "1700000000000") });
    expect((await sim.push({ mode: "plaintext", message: { type: "text", content: "x" } })).replyWarnings.join()).toMatch(/milliseconds/);
    received = [];
    behave = () => ({ status: 401, body: "" });
    const denied = await sim.push({ mode: "plaintext", message: { type: "text", content: "x" }, tamper: "signature" });
    expect(received).toHaveLength(1);
    expect(received[0]!.query.get("signature")).toBe("0".repeat(40));
    expect(denied).toMatchObject({ delivered: false, userVisibleError: "该公众号暂时无法提供服务，请稍后再试" });
  });

  it("subscribe/unsubscribe pushed through the control API change the follower list", async () => {
    const user = sim.account.users.all[2]!;
    const res = await postJson(`${sim.url}/__sim/push`, { mode: "plaintext", message: { type: "unsubscribe", from: user.openid } });
    expect(res.delivered).toBe(true);
    expect(sim.account.users.followers()).toHaveLength(249);
    await postJson(`${sim.url}/__sim/push`, { mode: "plaintext", message: { type: "subscribe", from: user.openid } });
    expect(user.subscribe).toBe(1);
    expect((await getJson(`${sim.url}/__sim/pushes`)).pushes).toHaveLength(2);
    const bad = await fetch(`${sim.url}/__sim/push`, { method: "POST", body: JSON.stringify({ mode: "plaintext" }) });
    expect(bad.status).toBe(400);
  });
});

describe("verifyServerUrl", () => {
  it("passes when the webhook echoes echostr for a valid signature, fails otherwise", async () => {
    behave = (r) => {
      const valid = r.query.get("signature") === signValues(TOKEN, r.query.get("timestamp")!, r.query.get("nonce")!);
      return valid ? { body: r.query.get("echostr")! } : { status: 401, body: "" };
    };
    expect(await sim.verifyServerUrl()).toMatchObject({ ok: true, status: 200 });
    expect(await sim.verifyServerUrl({ badSignature: true })).toMatchObject({ ok: false, status: 401 });
  });
});
