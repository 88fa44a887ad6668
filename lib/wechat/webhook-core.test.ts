import { describe, expect, it } from "vitest";
import { text } from "./reply";
import { computeSignature } from "./signature";
import { createWebhookHandler } from "./webhook";
import { bridgeWebhook, type WebhookInput } from "./webhook-core";

const TOKEN = "bridgetoken";
const NOW_MS = 1_700_000_000_000;
const TS = String(NOW_MS / 1000);
const MAX = 4096;

function signedQuery(extra: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({ signature: computeSignature([TOKEN, TS, "n1"]), timestamp: TS, nonce: "n1", ...extra });
}

function input(method: string, query: URLSearchParams, body?: string, contentLength?: number): WebhookInput & { reads: number[] } {
  const reads: number[] = [];
  const bytes = new TextEncoder().encode(body ?? "");
  return {
    method,
    query,
    contentLength,
    reads,
    async readBody(max) {
      reads.push(max);
      return bytes.byteLength > max ? null : bytes;
    },
  };
}

const textPush = (content: string, msgId = "1001") =>
  `<xml><ToUserName>gh_x</ToUserName><FromUserName>oUser</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>${content}</Content><MsgId>${msgId}</MsgId></xml>`;

function setup(handler: Parameters<typeof createWebhookHandler>[0]["handler"] = (m) => text(`Hello ${m.type === "text" ? m.content : ""}`)) {
  const defaults: Array<Promise<unknown>> = [];
  const webhook = createWebhookHandler({
    token: TOKEN,
    appId: "wxbridge",
    handler,
    clock: () => NOW_MS,
    maxBodyBytes: MAX,
    replyDeadlineMs: 50,
    waitUntil: (p) => void defaults.push(p),
  });
  return { core: bridgeWebhook(webhook, MAX), defaults };
}

describe("bridgeWebhook (temporary adapter over the Request-based handler)", () => {
  it("answers the server-URL check with echostr, and refuses a bad signature", async () => {
    const { core } = setup();
    const ok = await core.handle(input("GET", signedQuery({ echostr: "e-42" })));
    expect(ok).toMatchObject({ status: 200, body: "e-42" });
    const bad = await core.handle(input("GET", new URLSearchParams({ signature: "x", timestamp: TS, nonce: "n1", echostr: "e" })));
    expect(bad.status).toBe(401);
  });

  it("replies to a push with the bot's XML and its content type", async () => {
    const { core } = setup();
    const out = await core.handle(input("POST", signedQuery(), textPush("bridge")));
    expect(out.status).toBe(200);
    expect(out.headers["content-type"]).toContain("application/xml");
    expect(out.body).toContain("<Content><![CDATA[Hello bridge]]></Content>");
  });

  it("refuses other methods with 405 and an Allow header", async () => {
    const { core } = setup();
    const out = await core.handle(input("PUT", signedQuery(), "x"));
    expect(out.status).toBe(405);
    expect(out.headers.allow).toBe("GET, POST");
  });

  it("refuses a declared oversized body without reading it, in the handler's order of refusals", async () => {
    const { core } = setup();
    const big = input("POST", signedQuery(), "x", MAX + 1);
    expect((await core.handle(big)).status).toBe(413);
    expect(big.reads).toEqual([]);
    // Missing query parameters still win over the size, as in the route handler.
    const unsigned = input("POST", new URLSearchParams(), "x", MAX + 1);
    expect((await core.handle(unsigned)).status).toBe(400);
  });

  it("a body over the limit without a declared length: 413 when signed, 401 when not", async () => {
    const { core } = setup();
    const body = "x".repeat(MAX + 10);
    const signed = input("POST", signedQuery(), body);
    expect((await core.handle(signed)).status).toBe(413);
    expect(signed.reads).toEqual([MAX]);
    const forged = new URLSearchParams({ signature: "0".repeat(40), timestamp: TS, nonce: "n1" });
    expect((await core.handle(input("POST", forged, body))).status).toBe(401);
  });

  it("a body that cannot be read (client gone) is a 400, not a throw", async () => {
    const { core } = setup();
    const broken: WebhookInput = { method: "POST", query: signedQuery(), readBody: () => Promise.reject(new Error("aborted")) };
    expect(await core.handle(broken)).toMatchObject({ status: 400, body: "unreadable body" });
  });

  it("hands a late reply's work to the call's waitUntil, not the handler's default", async () => {
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const { core, defaults } = setup(async () => (await slow, text("late")));
    const perCall: Array<Promise<unknown>> = [];
    const out = await core.handle(input("POST", signedQuery(), textPush("slow", "2002")), { waitUntil: (p) => void perCall.push(p) });
    expect(out.body).toBe("success");
    expect(perCall.length).toBeGreaterThanOrEqual(1);
    expect(defaults).toEqual([]);
    release();
    await Promise.all(perCall);
  });
});
