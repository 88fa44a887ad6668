import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createBotRouter } from "../bot-router";
import { decryptMessage, encryptMessage } from "../crypto";
import { createMemoryBodyBindingStore } from "./body-binding";
import { createMemoryDedupStore, type DedupStore } from "./dedup";
import { WeChatConfigError } from "../errors";
import { getDedupKey, parseMessage, type InboundMessage } from "../message";
import { text, type Reply } from "../reply";
import { computeSignature, verifyMessageSignature } from "../signature";
import type { Logger } from "../types";
import type { MessageContext } from "./types";
import { handleWebRequest } from "./web-adapter";
import { createWebhook, type WebhookOptions } from "./webhook";
import { parseXml, type XmlRecord } from "../xml";

const vectors = JSON.parse(
  readFileSync(path.resolve(__dirname, "../../../test/vectors/wechat-test-vectors.json"), "utf8"),
) as { encrypted: Array<Record<string, string>> };
const E1 = vectors.encrypted.find((v) => v.id === "E1")!;

const TOKEN = E1.token!;
const APPID = E1.appid!;
const KEY = E1.encoding_aes_key!;
const OTHER_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut";
const NOW_MS = 1_700_000_000_000;
const TS = String(NOW_MS / 1000);
const URL_BASE = "https://mp.example.com/api/wechat";
const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// The app's default bot, built on the router as lib/bot.ts does.
const bot = createBotRouter({
  text: (msg) => text(`Hello ${msg.content}`),
  event: { subscribe: () => text("欢迎关注") },
});

/** The webhook behind Web Request/Response, as the Next.js route serves it. */
function asWebHandlers(options: WebhookOptions) {
  const webhook = createWebhook(options);
  return {
    handlePost: (request: Request) => handleWebRequest(webhook, request),
    handleGet: (request: Request) => handleWebRequest(webhook, request),
  };
}

type LogLine = { level: string; message: string; fields?: Record<string, unknown> };
function setup(overrides: Partial<WebhookOptions> = {}) {
  const logs: LogLine[] = [];
  const log = (level: string): Logger["info"] => (message, fields) => void logs.push({ level, message, fields });
  const background: Array<Promise<unknown>> = [];
  const webhook = asWebHandlers({
    token: TOKEN,
    appId: APPID,
    onMessage: bot,
    clock: () => NOW_MS,
    logger: { info: log("info"), warn: log("warn"), error: log("error") },
    waitUntil: (p) => void background.push(p),
    pollIntervalMs: 5,
    ...overrides,
  });
  return { webhook, logs, settle: () => Promise.all(background) };
}

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  return `${URL_BASE}?${q}`;
}
// WeChat signs every push with a fresh nonce (the webhook binds a plaintext query to its body).
let nonces = 0;
function signed(extra: Record<string, string | undefined> = {}, timestamp = TS, nonce = `n${++nonces}`): Record<string, string | undefined> {
  return { signature: computeSignature([TOKEN, timestamp, nonce]), timestamp, nonce, openid: "oUser1", ...extra };
}
function post(body: string, params = signed(), headers: Record<string, string> = {}): Request {
  return new Request(query(params), { method: "POST", body, headers });
}
function textPush(content: string, msgId = "1234567890123456"): string {
  return (
    "<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[oUser1]]></FromUserName>" +
    `<CreateTime>${TS}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content>` +
    `<MsgId>${msgId}</MsgId></xml>`
  );
}
/** A safe-mode push: body, and the query with msg_signature, as WeChat would send them. */
function encryptedPush(plaintext: string, opts: { key?: string; appId?: string; extraFields?: string } = {}) {
  const encrypt = encryptMessage({ encodingAESKey: opts.key ?? KEY, appId: opts.appId ?? APPID, message: plaintext });
  const params = signed({ encrypt_type: "aes", msg_signature: computeSignature([TOKEN, TS, "12345", encrypt]) }, TS, "12345");
  const body = `<xml><ToUserName><![CDATA[gh_account]]></ToUserName>${opts.extraFields ?? ""}<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
  return { body, params };
}
function record(xml: string): XmlRecord {
  const result = parseXml(xml);
  if (!result.ok) throw new Error(`not XML: ${xml}`);
  return result.record;
}
/** Checks the encrypted reply's signature and returns its decrypted content as a record. */
function openReply(xml: string, key = KEY): XmlRecord {
  const r = record(xml);
  const encrypt = r.Encrypt as string;
  const ok = verifyMessageSignature({
    token: TOKEN,
    timestamp: r.TimeStamp as string,
    nonce: r.Nonce as string,
    encrypt,
    msgSignature: r.MsgSignature as string,
  });
  expect(ok).toBe(true);
  expect(r.TimeStamp).toBe(TS);
  return record(decryptMessage({ encodingAESKey: key, appId: APPID, encrypted: encrypt }));
}

describe("GET (server URL check)", () => {
  const echostr = "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBa==";

  it("echoes echostr unchanged for a valid signature", async () => {
    const res = await setup().webhook.handleGet(new Request(query(signed({ echostr }))));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(echostr);
  });

  it("refuses a bad signature or a stale timestamp with 401, without echoing", async () => {
    const { webhook } = setup();
    const bad = await webhook.handleGet(new Request(query({ ...signed({ echostr }), signature: "0".repeat(40) })));
    expect(bad.status).toBe(401);
    expect(await bad.text()).not.toContain(echostr);
    const old = String(NOW_MS / 1000 - 301);
    expect((await webhook.handleGet(new Request(query(signed({ echostr }, old))))).status).toBe(401);
    const future = String(NOW_MS / 1000 + 301);
    expect((await webhook.handleGet(new Request(query(signed({ echostr }, future))))).status).toBe(401);
    const within = String(NOW_MS / 1000 - 299);
    expect((await webhook.handleGet(new Request(query(signed({ echostr }, within))))).status).toBe(200);
  });

  it.each(["signature", "timestamp", "nonce", "echostr"])("answers 400 when %s is missing", async (missing) => {
    const res = await setup().webhook.handleGet(new Request(query({ ...signed({ echostr }), [missing]: undefined })));
    expect(res.status).toBe(400);
  });
});

describe("POST plaintext", () => {
  it("answers a text message with the bot's reply, To/From swapped, CreateTime in seconds", async () => {
    const res = await setup().webhook.handlePost(post(textPush("hi")));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/xml/);
    expect(record(await res.text())).toEqual({
      ToUserName: "oUser1",
      FromUserName: "gh_account",
      CreateTime: TS,
      MsgType: "text",
      Content: "Hello hi",
    });
  });

  it("answers success when the bot has nothing to say", async () => {
    const push = textPush("x").replace("<![CDATA[text]]>", "<![CDATA[image]]>");
    const res = await setup().webhook.handlePost(post(push));
    expect(await res.text()).toBe("success");
  });

  it("checks the signature and timestamp on every POST", async () => {
    const { webhook } = setup();
    expect((await webhook.handlePost(post(textPush("a"), { ...signed(), signature: "f".repeat(40) }))).status).toBe(401);
    expect((await webhook.handlePost(post(textPush("a"), signed({}, String(NOW_MS / 1000 - 3600))))).status).toBe(401);
    expect((await webhook.handlePost(post(textPush("a"), { ...signed(), timestamp: "abc" }))).status).toBe(401);
  });

  it.each(["signature", "timestamp", "nonce"])("answers 400 when %s is missing", async (missing) => {
    const res = await setup().webhook.handlePost(post(textPush("a"), { ...signed(), [missing]: undefined }));
    expect(res.status).toBe(400);
  });

  it.each([
    ["truncated XML", "<xml><MsgType>text</MsgType>"],
    ["not XML", "hello"],
    ["empty body", ""],
    ["DOCTYPE with entities", `<!DOCTYPE xml [<!ENTITY a "${"x".repeat(10)}">]><xml><Content>&a;</Content></xml>`],
  ])("answers 400 to %s, with a short plain-text body", async (_label, body) => {
    const res = await setup().webhook.handlePost(post(body));
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text.length).toBeLessThan(80);
    expect(text).not.toMatch(/at .*\.ts/);
  });
});

describe("POST size limit", () => {
  it("answers 413 from Content-Length without reading the body", async () => {
    let pulled = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull() {
          pulled = true;
          throw new Error("must not be read");
        },
      },
      { highWaterMark: 0 }, // pull only when someone reads
    );
    const request = new Request(query(signed()), {
      method: "POST",
      body,
      headers: { "content-length": String(1024 * 1024 + 1) },
      duplex: "half",
    } as RequestInit);
    const res = await setup().webhook.handlePost(request);
    expect(res.status).toBe(413);
    expect(request.bodyUsed).toBe(false);
    expect(pulled).toBe(false);
  });

  it("answers 413 while streaming a body without Content-Length, and stops reading", async () => {
    let chunks = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        chunks += 1;
        if (chunks > 1000) throw new Error("kept reading");
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    const request = new Request(query(signed()), { method: "POST", body, duplex: "half" } as RequestInit);
    const res = await setup({ maxBodyBytes: 256 * 1024 }).webhook.handlePost(request);
    expect(res.status).toBe(413);
    expect(chunks).toBeLessThan(10);
  });

  it("answers 400, not a crash, when the body stream fails mid-read", async () => {
    const body = new ReadableStream<Uint8Array>({
      pull() {
        throw new Error("client went away");
      },
    });
    const request = new Request(query(signed()), { method: "POST", body, duplex: "half" } as RequestInit);
    expect((await setup().webhook.handlePost(request)).status).toBe(400);
  });

  it("answers 408 when the body is still arriving after the read deadline (a byte at a time)", async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await delay(20);
        controller.enqueue(new Uint8Array([0x20]));
        sent += 1;
      },
    });
    const request = new Request(query(signed()), { method: "POST", body, duplex: "half" } as RequestInit);
    const started = Date.now();
    const res = await setup({ bodyReadTimeoutMs: 200 }).webhook.handlePost(request);
    expect(res.status).toBe(408);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(sent).toBeGreaterThan(0);
  });

  it("accepts a body just under the limit", async () => {
    const push = textPush("hi");
    const res = await setup({ maxBodyBytes: Buffer.byteLength(push) }).webhook.handlePost(post(push));
    expect(record(await res.text()).Content).toBe("Hello hi");
  });
});

describe("POST safe and compatible mode", () => {
  it("decrypts the published E1 push and answers encrypted with the same key", async () => {
    const params = {
      signature: computeSignature([TOKEN, E1.timestamp!, E1.nonce!]),
      timestamp: E1.timestamp!,
      nonce: E1.nonce!,
      encrypt_type: "aes",
      msg_signature: E1.msg_signature!,
    };
    const body = `<xml><ToUserName><![CDATA[asdasdasd]]></ToUserName><Encrypt><![CDATA[${E1.encrypt}]]></Encrypt></xml>`;
    const { webhook } = setup({ encodingAESKey: KEY, clock: () => Number(E1.timestamp) * 1000 });
    const res = await webhook.handlePost(post(body, params));
    const r = record(await res.text());
    const inner = record(decryptMessage({ encodingAESKey: KEY, appId: APPID, encrypted: r.Encrypt as string }));
    expect(inner).toMatchObject({ ToUserName: "asdasdasdsadasd", FromUserName: "asdasdasd", Content: "Hello hello" });
  });

  it("round-trips an encrypted push", async () => {
    const { body, params } = encryptedPush(textPush("加密"));
    const res = await setup({ encodingAESKey: KEY }).webhook.handlePost(post(body, params));
    expect(openReply(await res.text())).toMatchObject({ ToUserName: "oUser1", MsgType: "text", Content: "Hello 加密" });
  });

  it("compatible mode with a key: the encrypted content wins and the reply is encrypted", async () => {
    const { body, params } = encryptedPush(textPush("secret"), {
      extraFields: "<FromUserName><![CDATA[oUser1]]></FromUserName><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[plain]]></Content><MsgId>9</MsgId>",
    });
    const res = await setup({ encodingAESKey: KEY }).webhook.handlePost(post(body, params));
    expect(openReply(await res.text()).Content).toBe("Hello secret");
  });

  it("compatible mode without a key: handled as plaintext, answered in plaintext, and logged", async () => {
    const { body, params } = encryptedPush(textPush("secret"), {
      extraFields: "<FromUserName><![CDATA[oUser1]]></FromUserName><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[plain]]></Content><MsgId>9</MsgId>",
    });
    const { webhook, logs } = setup();
    const res = await webhook.handlePost(post(body, params));
    expect(record(await res.text())).toMatchObject({ Content: "Hello plain" });
    expect(logs.some((l) => l.level === "warn" && /compatible/.test(l.message))).toBe(true);
  });

  it("safe mode without a configured key: 400 and an error log line that says so", async () => {
    const { body, params } = encryptedPush(textPush("x"));
    const { webhook, logs } = setup();
    const res = await webhook.handlePost(post(body, params));
    expect(res.status).toBe(400);
    expect(logs.some((l) => l.level === "error" && /EncodingAESKey/.test(l.message))).toBe(true);
  });

  it("falls back to the previous key after a rotation and replies with it", async () => {
    const { body, params } = encryptedPush(textPush("old key"), { key: KEY });
    const { webhook } = setup({ encodingAESKey: OTHER_KEY, previousEncodingAESKey: KEY });
    const reply = await (await webhook.handlePost(post(body, params))).text();
    expect(openReply(reply, KEY).Content).toBe("Hello old key");
    expect(() =>
      decryptMessage({ encodingAESKey: OTHER_KEY, appId: APPID, encrypted: record(reply).Encrypt as string }),
    ).toThrow();
  });

  it("refuses (401) a push for another appid, a push no key opens, and a bad msg_signature", async () => {
    const { webhook } = setup({ encodingAESKey: KEY });
    const otherApp = encryptedPush(textPush("x"), { appId: "wx0000000000000000" });
    expect((await webhook.handlePost(post(otherApp.body, otherApp.params))).status).toBe(401);
    const otherKey = encryptedPush(textPush("x"), { key: OTHER_KEY });
    expect((await webhook.handlePost(post(otherKey.body, otherKey.params))).status).toBe(401);
    const good = encryptedPush(textPush("x"));
    const forged = { ...good.params, msg_signature: "0".repeat(40) };
    expect((await webhook.handlePost(post(good.body, forged))).status).toBe(401);
  });

  it("answers 400 when the safe-mode envelope is incomplete", async () => {
    const { webhook } = setup({ encodingAESKey: KEY });
    const { body, params } = encryptedPush(textPush("x"));
    expect((await webhook.handlePost(post(body, { ...params, msg_signature: undefined }))).status).toBe(400);
    expect((await webhook.handlePost(post("<xml><ToUserName>gh</ToUserName></xml>", params))).status).toBe(400);
  });

  it("refuses a DOCTYPE hidden inside the encrypted payload", async () => {
    const { body, params } = encryptedPush('<!DOCTYPE x [<!ENTITY a "b">]><xml><MsgType>text</MsgType></xml>');
    expect((await setup({ encodingAESKey: KEY }).webhook.handlePost(post(body, params))).status).toBe(400);
  });

  it("refuses a malformed key at start-up with a config error that does not echo it", () => {
    expect(() => createWebhook({ token: TOKEN, appId: APPID, onMessage: bot, encodingAESKey: "short-key" })).toThrow(
      WeChatConfigError,
    );
    expect(() => createWebhook({ token: "", appId: APPID, onMessage: bot })).toThrow(WeChatConfigError);
  });
});

describe("exactly once", () => {
  it("three concurrent deliveries of one push: the handler runs once, all three get the same answer", async () => {
    let calls = 0;
    const { webhook } = setup({
      onMessage: async (msg) => {
        calls += 1;
        await delay(30);
        return msg.type === "text" ? text(`Hello ${msg.content}`) : null;
      },
    });
    const answers = await Promise.all([1, 2, 3].map(() => webhook.handlePost(post(textPush("once")))));
    const bodies = await Promise.all(answers.map((r) => r.text()));
    expect(calls).toBe(1);
    expect(new Set(bodies).size).toBe(1);
    expect(record(bodies[0]!).Content).toBe("Hello once");
  });

  it("a retry of an encrypted push gets the same reply, freshly encrypted", async () => {
    let calls = 0;
    const { webhook } = setup({ encodingAESKey: KEY, onMessage: async () => (calls++, text("only once")) });
    const { body, params } = encryptedPush(textPush("x"));
    const first = await (await webhook.handlePost(post(body, params))).text();
    const retry = await (await webhook.handlePost(post(body, params))).text();
    expect(calls).toBe(1);
    expect(openReply(retry)).toEqual(openReply(first));
  });

  it("different pushes are not confused", async () => {
    let calls = 0;
    const { webhook } = setup({ onMessage: async () => (calls++, null) });
    await webhook.handlePost(post(textPush("a", "1")));
    await webhook.handlePost(post(textPush("b", "2")));
    expect(calls).toBe(2);
  });

  it("a slow handler: success at the deadline, the reply delivered late exactly once, retries answer success", async () => {
    let calls = 0;
    const delivered: Array<[InboundMessage, Reply]> = [];
    const store = createMemoryDedupStore();
    const { webhook, settle } = setup({
      dedup: store,
      replyDeadlineMs: 40,
      onMessage: async () => {
        calls += 1;
        await delay(120);
        return text("late");
      },
      deliverLate: async (msg, reply) => void delivered.push([msg, reply]),
    });
    const first = await webhook.handlePost(post(textPush("slow")));
    expect(await first.text()).toBe("success");
    expect(delivered).toHaveLength(0);
    // Recorded as deferred, so no retry (even after the owner's lease) runs it again or replies passively.
    expect((await store.get(getDedupKey(parseMessage(textPush("slow"))!)))?.status).toBe("deferred");
    const retry = await webhook.handlePost(post(textPush("slow")));
    expect(await retry.text()).toBe("success");
    await settle();
    expect(calls).toBe(1);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]![0]).toMatchObject({ type: "text", content: "slow", fromUserName: "oUser1" });
    expect(delivered[0]![1]).toEqual(text("late"));
    // The webhook itself records the late outcome on the push's record (one owner of the table).
    expect((await store.get(getDedupKey(parseMessage(textPush("slow"))!)))?.late).toEqual({ sentAt: NOW_MS });
  });

  it("records a late delivery that failed, with its reason", async () => {
    const store = createMemoryDedupStore();
    const { webhook, settle } = setup({
      dedup: store,
      replyDeadlineMs: 30,
      onMessage: async () => (await delay(60), text("late")),
      deliverLate: async () => Promise.reject(new Error("45015 response out of time limit")),
    });
    await webhook.handlePost(post(textPush("fails late")));
    await settle();
    expect((await store.get(getDedupKey(parseMessage(textPush("fails late"))!)))?.late).toEqual({
      error: "45015 response out of time limit",
    });
  });

  it("a slow handler that ends with nothing to say sends nothing late", async () => {
    const delivered: Reply[] = [];
    const { webhook, settle } = setup({
      replyDeadlineMs: 20,
      onMessage: async () => (await delay(60), null),
      deliverLate: async (_msg, reply) => void delivered.push(reply),
    });
    expect(await (await webhook.handlePost(post(textPush("x")))).text()).toBe("success");
    await settle();
    expect(delivered).toHaveLength(0);
  });

  it("a retry arriving while the first delivery still runs waits for its answer", async () => {
    const { webhook } = setup({ onMessage: async () => (await delay(60), text("slowish")) });
    const first = webhook.handlePost(post(textPush("w")));
    await delay(10);
    const retry = await webhook.handlePost(post(textPush("w")));
    expect(record(await retry.text()).Content).toBe("slowish");
    expect(record(await (await first).text()).Content).toBe("slowish");
  });

  it("a throwing handler answers success (never 500), logs an error, and is not re-run on retry", async () => {
    let calls = 0;
    const { webhook, logs } = setup({
      onMessage: async () => {
        calls += 1;
        throw new Error("bot exploded");
      },
    });
    const res = await webhook.handlePost(post(textPush("boom")));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("success");
    expect(logs.some((l) => l.level === "error" && /handler failed/.test(l.message))).toBe(true);
    expect(await (await webhook.handlePost(post(textPush("boom")))).text()).toBe("success");
    expect(calls).toBe(1);
  });

  it("a dead store (DB down) still gets an answer, with a warning", async () => {
    const down = (): Promise<never> => Promise.reject(new Error("database unreachable"));
    const store: DedupStore = { claim: down, get: down, complete: down, defer: down, recordLate: down, purgeExpired: down };
    const { webhook, logs, settle } = setup({ dedup: store });
    const res = await webhook.handlePost(post(textPush("db")));
    expect(record(await res.text()).Content).toBe("Hello db");
    await settle();
    expect(logs.some((l) => l.level === "warn" && /without dedup/.test(l.message))).toBe(true);
  });

  it("takes over a push whose first owner died (lease expired)", async () => {
    const store = createMemoryDedupStore();
    const { webhook } = setup({ dedup: store });
    const key = getDedupKey(parseMessage(textPush("again"))!);
    await store.claim(key, NOW_MS - 60_000, 5_000, 300_000); // an owner that never finished
    expect(record(await (await webhook.handlePost(post(textPush("again")))).text()).Content).toBe("Hello again");
  });

  it("purges expired records at most once a minute", async () => {
    let purges = 0;
    const memory = createMemoryDedupStore();
    const store: DedupStore = { ...memory, purgeExpired: async (now) => (purges++, memory.purgeExpired(now)) };
    let now = NOW_MS;
    const { webhook, settle } = setup({ dedup: store, clock: () => now });
    await webhook.handlePost(post(textPush("a", "1")));
    await webhook.handlePost(post(textPush("b", "2")));
    await settle();
    expect(purges).toBe(1);
    now += 60_000;
    await webhook.handlePost(post(textPush("c", "3"), signed({}, String(now / 1000))));
    await settle();
    expect(purges).toBe(2);
  });
});

describe("logging", () => {
  it("never logs the token, the AES key or message contents", async () => {
    const { webhook, logs } = setup({ encodingAESKey: KEY, onMessage: async () => Promise.reject(new Error("x")) });
    const { body, params } = encryptedPush(textPush("私密内容"));
    await webhook.handlePost(post(body, params));
    await webhook.handlePost(post(body, { ...params, msg_signature: "0".repeat(40) }));
    await webhook.handlePost(post("<xml>", signed()));
    const all = JSON.stringify(logs);
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [TOKEN, KEY, "私密内容"]) expect(all).not.toContain(secret);
  });
});

describe("downgrade and replay (plaintext pushes while a key is configured)", () => {
  it("refuses a push without encrypt_type=aes when a key is configured (401), without running the bot", async () => {
    let calls = 0;
    const { webhook } = setup({ encodingAESKey: KEY, onMessage: () => (calls++, text("never")) });
    const res = await webhook.handlePost(post(textPush("downgraded")));
    expect(res.status).toBe(401);
    // Even a body that carries a valid Encrypt cannot skip msg_signature by dropping encrypt_type.
    const { body, params } = encryptedPush(textPush("x"));
    expect((await webhook.handlePost(post(body, { ...params, encrypt_type: undefined }))).status).toBe(401);
    expect(calls).toBe(0);
  });

  it("accepts plaintext with a key configured only when acceptPlaintext is set (the mode switch)", async () => {
    const { webhook } = setup({ encodingAESKey: KEY, acceptPlaintext: true });
    const res = await webhook.handlePost(post(textPush("switching")));
    expect(res.status).toBe(200);
    expect(record(await res.text()).Content).toBe("Hello switching");
    const { body, params } = encryptedPush(textPush("still safe", "31"));
    expect(openReply(await (await webhook.handlePost(post(body, params))).text()).Content).toBe("Hello still safe");
  });

  it("the same signed query with another body is refused; with the same body it is WeChat's retry", async () => {
    let calls = 0;
    const { webhook } = setup({ onMessage: (msg) => (calls++, msg.type === "text" ? text(`Hello ${msg.content}`) : null) });
    const params = signed();
    const first = await (await webhook.handlePost(post(textPush("genuine", "11"), params))).text();
    const replayed = await webhook.handlePost(post(textPush("forged", "12"), params));
    expect(replayed.status).toBe(401);
    const retry = await webhook.handlePost(post(textPush("genuine", "11"), params));
    expect(await retry.text()).toBe(first);
    expect(calls).toBe(1);
  });

  it("a binding made by one instance holds on another sharing the store", async () => {
    const bodyBindings = createMemoryBodyBindingStore();
    const dedup = createMemoryDedupStore();
    const a = setup({ bodyBindings, dedup }).webhook;
    const b = setup({ bodyBindings, dedup }).webhook;
    const params = signed();
    expect((await a.handlePost(post(textPush("on a", "21"), params))).status).toBe(200);
    expect((await b.handlePost(post(textPush("on b", "22"), params))).status).toBe(401);
  });

  it("a binding store that is down lets the push through and says so in an error log line", async () => {
    const down = (): Promise<never> => Promise.reject(new Error("database unreachable"));
    const { webhook, logs } = setup({ bodyBindings: { bind: down, purgeExpired: down } });
    expect(record(await (await webhook.handlePost(post(textPush("unbound")))).text()).Content).toBe("Hello unbound");
    expect(logs.some((l) => l.level === "error" && /body-binding/.test(l.message))).toBe(true);
  });

  it("a push that failed authentication never causes a late (customer-service) message", async () => {
    let calls = 0;
    const delivered: Reply[] = [];
    const { webhook, settle } = setup({
      encodingAESKey: KEY,
      replyDeadlineMs: 20,
      onMessage: async () => (calls++, await delay(40), text("late")),
      deliverLate: async (_msg, reply) => void delivered.push(reply),
    });
    const genuine = signed({}, TS, "777");
    const refused = [
      post(textPush("bad signature"), { ...signed(), signature: "0".repeat(40) }),
      post(textPush("stale"), signed({}, String(NOW_MS / 1000 - 3600))),
      post(textPush("downgraded"), signed()),
      post(encryptedPush(textPush("forged msg_signature")).body, { ...encryptedPush(textPush("y")).params, msg_signature: "0".repeat(40) }),
      post(encryptedPush(textPush("wrong app"), { appId: "wx0000000000000000" }).body, encryptedPush(textPush("z")).params),
      post(textPush("replay"), genuine),
    ];
    for (const request of refused) expect((await webhook.handlePost(request)).status).toBe(401);
    await delay(60);
    await settle();
    expect(calls).toBe(0);
    expect(delivered).toHaveLength(0);
  });
});

describe("the handler's context", () => {
  const scanPush = (time = TS) =>
    "<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[oUser1]]></FromUserName>" +
    `<CreateTime>${time}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>` +
    "<EventKey><![CDATA[qrscene_spring]]></EventKey><Ticket><![CDATA[T1]]></Ticket></xml>";

  it("carries the push's dedup key, when it arrived and the account; the scene is on the message", async () => {
    const seen: Array<[InboundMessage, MessageContext]> = [];
    let now = NOW_MS;
    const { webhook } = setup({ clock: () => now, onMessage: (msg, ctx) => void seen.push([msg, ctx]) });
    await webhook.handlePost(post(scanPush()));
    now += 1500;
    await webhook.handlePost(post(textPush("x")));
    const [[scan, scanCtx], [msg, msgCtx]] = seen as [[InboundMessage, MessageContext], [InboundMessage, MessageContext]];
    expect(scan).toMatchObject({ type: "event", event: "subscribe", scene: "spring", ticket: "T1" });
    const waitUntil = expect.any(Function) as unknown;
    expect(scanCtx).toEqual({ dedupKey: getDedupKey(scan), receivedAt: NOW_MS, account: { appId: APPID }, waitUntil });
    expect(msgCtx).toEqual({ dedupKey: getDedupKey(msg), receivedAt: NOW_MS + 1500, account: { appId: APPID }, waitUntil });
  });

  it("keeps the dedup key when the dedup store is down (a recorder keyed by it still counts the push once)", async () => {
    const down = (): Promise<never> => Promise.reject(new Error("database unreachable"));
    const keys: string[] = [];
    const dedup: DedupStore = { claim: down, get: down, complete: down, defer: down, recordLate: down, purgeExpired: down };
    const { webhook } = setup({ dedup, onMessage: (_msg, ctx) => void keys.push(ctx.dedupKey) });
    await webhook.handlePost(post(scanPush()));
    await webhook.handlePost(post(scanPush()));
    expect(keys).toHaveLength(2);
    expect(new Set(keys)).toEqual(new Set([getDedupKey(parseMessage(scanPush())!)]));
  });

  it("a bot written for the message alone still answers", async () => {
    const { webhook } = setup({ onMessage: (msg: InboundMessage) => (msg.type === "text" ? text(`one argument: ${msg.content}`) : null) });
    expect(record(await (await webhook.handlePost(post(textPush("y")))).text()).Content).toBe("one argument: y");
  });
});
