import fs from "node:fs";
import { createRequire } from "node:module";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { signJsSdk } from "@wxmp/wechat/jssdk";
import { stripFragment, type WxPlatform } from "./sign-url";
import { applyWxConfig, configureWx, fetchJsSdkConfig, parseJsSdkConfigResponse, type JsSdkConfigResponse, type WxLike } from "./wx-config";

const TICKET = "ticket-for-tests";
const APP_ID = "wx1234567890abcdef";
const UA: Record<WxPlatform, string> = {
  ios: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Mobile/15E148 MicroMessenger/8.0.50(0x1800322b)",
  android: "Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36 MicroMessenger/8.0.50.2600(0x28003237)",
  other: "Mozilla/5.0 (Windows NT 10.0) WindowsWechat MicroMessenger/7.0.20",
};
const jweixinSource = fs.readFileSync(createRequire(import.meta.url).resolve("weixin-js-sdk"), "utf8");

interface FakePhone {
  wx: WxLike;
  /** Every bridge call jweixin made. */
  calls: { name: string; args: Record<string, unknown> }[];
  navigate(href: string): void;
  href(): string;
}

/**
 * Evaluates the real weixin-js-sdk in an isolated vm context with a fake
 * WeixinJSBridge that verifies signatures like the WeChat client: against
 * `verifyAgainst()` (the landing URL for old iOS clients, the current URL otherwise).
 */
function loadPhone(opts: { platform: WxPlatform; landing: string; verifies?: "landing" | "current"; answer?: (name: string) => boolean }): FakePhone {
  const location = { href: opts.landing };
  const verifies = opts.verifies ?? (opts.platform === "ios" ? "landing" : "current");
  const calls: FakePhone["calls"] = [];
  const context: Record<string, unknown> = {
    // platform "Win32" keeps jweixin from loading its report image after config.
    navigator: { userAgent: UA[opts.platform], platform: "Win32" },
    location,
    document: { addEventListener: () => {} },
    console,
    module: { exports: {} },
    WeixinJSBridge: {
      on: () => {},
      invoke(name: string, args: Record<string, unknown>, cb: (res: Record<string, unknown>) => void) {
        calls.push({ name, args });
        if (opts.answer && !opts.answer(name)) return;
        let res: Record<string, unknown>;
        if (name === "preVerifyJSAPI") {
          const url = stripFragment(verifies === "landing" ? opts.landing : location.href);
          const expected = signJsSdk({ jsapiTicket: TICKET, nonceStr: String(args.verifyNonceStr), timestamp: String(args.verifyTimestamp), url });
          res = { err_msg: args.verifySignature === expected && args.appId === APP_ID ? "config:ok" : "config:invalid signature" };
        } else if (name === "checkJsApi") {
          res = { err_msg: "checkJsApi:ok", checkResult: '{"checkJsApi":true}' };
        } else return;
        setTimeout(() => cb(res), 2); // FIFO, asynchronous like the real bridge
      },
    },
  };
  context.window = context;
  vm.createContext(context);
  vm.runInContext(jweixinSource, context);
  const wx = (context.module as { exports: WxLike }).exports;
  return { wx, calls, navigate: (href) => void (location.href = href), href: () => location.href };
}

/** A stand-in for GET /api/jssdk/config, signing with the test ticket (or wrongly). */
function signer(options: { wrong?: boolean } = {}): { fetchConfig: (url: string) => Promise<JsSdkConfigResponse>; signed: string[] } {
  const signed: string[] = [];
  let n = 0;
  return {
    signed,
    fetchConfig: async (url) => {
      signed.push(url);
      const nonceStr = `nonce${++n}`;
      const timestamp = 1_700_000_000 + n;
      const signature = signJsSdk({ jsapiTicket: options.wrong ? "other" : TICKET, nonceStr, timestamp, url });
      return { appId: APP_ID, timestamp, nonceStr, signature };
    },
  };
}

const LANDING = "https://mp.example.com/?from=menu#top";
const PAGE2 = "https://mp.example.com/jssdk/share?x=1#s";
const PAGE3 = "https://mp.example.com/jssdk/scan";
const jsApiList = ["chooseImage", "scanQRCode"];

function run(phone: FakePhone, platform: WxPlatform, fetchConfig: (url: string) => Promise<JsSdkConfigResponse>, extra: { preferCurrent?: boolean; isCurrent?: () => boolean } = {}) {
  return configureWx({
    wx: phone.wx,
    jsApiList,
    platform,
    landingUrl: LANDING,
    currentUrl: phone.href(),
    fetchConfig,
    isCurrent: extra.isCurrent ?? (() => true),
    preferCurrent: extra.preferCurrent,
    applyOptions: { settleMs: 300, timeoutMs: 1000 },
  });
}

describe("configureWx against the real weixin-js-sdk", () => {
  it("Android: signs the current URL on every route change", async () => {
    const phone = loadPhone({ platform: "android", landing: LANDING });
    const s = signer();
    expect(await run(phone, "android", s.fetchConfig)).toEqual({ status: "ready", signedUrl: "https://mp.example.com/?from=menu", usedRetryUrl: false });
    phone.navigate(PAGE2);
    expect(await run(phone, "android", s.fetchConfig)).toEqual({ status: "ready", signedUrl: "https://mp.example.com/jssdk/share?x=1", usedRetryUrl: false });
    expect(s.signed).toHaveLength(2);
    const verify = phone.calls.filter((c) => c.name === "preVerifyJSAPI");
    expect(verify).toHaveLength(2);
    expect(verify[0]?.args).toMatchObject({ appId: APP_ID, verifyNonceStr: "nonce1", verifyTimestamp: "1700000001", verifyJsApiList: jsApiList });
  });

  it("iOS: keeps signing the landing URL after client-side navigation", async () => {
    const phone = loadPhone({ platform: "ios", landing: LANDING });
    const s = signer();
    await run(phone, "ios", s.fetchConfig);
    phone.navigate(PAGE2);
    expect(await run(phone, "ios", s.fetchConfig)).toMatchObject({ status: "ready", signedUrl: "https://mp.example.com/?from=menu" });
    expect(s.signed).toEqual(["https://mp.example.com/?from=menu", "https://mp.example.com/?from=menu"]);
  });

  it("iOS client that verifies the current URL: one retry with it succeeds", async () => {
    const phone = loadPhone({ platform: "ios", landing: LANDING, verifies: "current" });
    phone.navigate(PAGE2);
    const s = signer();
    expect(await run(phone, "ios", s.fetchConfig)).toEqual({ status: "ready", signedUrl: "https://mp.example.com/jssdk/share?x=1", usedRetryUrl: true });
    expect(s.signed).toEqual(["https://mp.example.com/?from=menu", "https://mp.example.com/jssdk/share?x=1"]);
    // Once learnt, the caller passes preferCurrent and the first attempt is right.
    phone.navigate(PAGE3);
    expect(await run(phone, "ios", s.fetchConfig, { preferCurrent: true })).toMatchObject({ status: "ready", usedRetryUrl: false });
    expect(s.signed).toHaveLength(3);
  });

  it("detects a failing RE-config although jweixin calls ready() at once after the first config", async () => {
    const phone = loadPhone({ platform: "android", landing: LANDING });
    expect((await run(phone, "android", signer().fetchConfig)).status).toBe("ready");
    phone.navigate(PAGE2);
    const bad = signer({ wrong: true });
    expect(await run(phone, "android", bad.fetchConfig)).toEqual({ status: "error", signedUrl: "https://mp.example.com/jssdk/share?x=1", error: "config:invalid signature" });
    expect(bad.signed).toHaveLength(2); // retried exactly once
  });

  it("does not retry other failures", async () => {
    const phone = loadPhone({ platform: "android", landing: LANDING });
    let calls = 0;
    const result = await run(phone, "android", async () => {
      calls++;
      throw new Error("signing failed (HTTP 403: origin not allowed)");
    });
    expect(result).toEqual({ status: "error", signedUrl: "https://mp.example.com/?from=menu", error: "signing failed (HTTP 403: origin not allowed)" });
    expect(calls).toBe(1);
    expect(phone.calls).toHaveLength(0);
  });

  it("abandons a stale attempt before touching wx.config", async () => {
    const phone = loadPhone({ platform: "android", landing: LANDING });
    let current = true;
    const s = signer();
    const result = await run(phone, "android", async (url) => {
      current = false; // a newer route change arrived while we were fetching
      return s.fetchConfig(url);
    }, { isCurrent: () => current });
    expect(result).toEqual({ status: "stale" });
    expect(phone.calls).toHaveLength(0);
  });
});

describe("applyWxConfig edge cases", () => {
  it("falls back to the settle delay when the bridge does not answer the probe", async () => {
    const phone = loadPhone({ platform: "android", landing: LANDING, answer: (name) => name !== "checkJsApi" });
    const s = signer();
    expect(await applyWxConfig(phone.wx, await s.fetchConfig(stripFragment(LANDING)), jsApiList, { settleMs: 50 })).toEqual({ ok: true });
    expect(await applyWxConfig(phone.wx, await s.fetchConfig(stripFragment(LANDING)), jsApiList, { settleMs: 50 })).toEqual({ ok: true });
    expect(phone.calls.map((c) => c.name)).toEqual(["preVerifyJSAPI", "preVerifyJSAPI", "checkJsApi"]);
  });

  it("times out when the bridge never answers", async () => {
    const phone = loadPhone({ platform: "android", landing: LANDING, answer: () => false });
    const config = await signer().fetchConfig(stripFragment(LANDING));
    expect(await applyWxConfig(phone.wx, config, jsApiList, { timeoutMs: 50 })).toEqual({ ok: false, errMsg: "config:timeout" });
  });
});

describe("fetchJsSdkConfig", () => {
  const ok = { appId: APP_ID, timestamp: 1700000000, nonceStr: "abcdefghijklmnop", signature: "f".repeat(40) };

  it("requests the encoded URL and parses the answer", async () => {
    const seen: string[] = [];
    const config = await fetchJsSdkConfig("https://mp.example.com/a?x=1", async (input) => {
      seen.push(input);
      return Response.json(ok);
    });
    expect(config).toEqual(ok);
    expect(seen).toEqual(["/api/jssdk/config?url=https%3A%2F%2Fmp.example.com%2Fa%3Fx%3D1"]);
  });

  it("throws a short message on a 4xx/5xx or a malformed body", async () => {
    await expect(fetchJsSdkConfig("https://x/", async () => Response.json({ error: "origin_not_allowed" }, { status: 403 }))).rejects.toThrow(
      "signing failed (HTTP 403: origin_not_allowed)",
    );
    await expect(fetchJsSdkConfig("https://x/", async () => new Response("<html>", { status: 502 }))).rejects.toThrow("HTTP 502");
    await expect(fetchJsSdkConfig("https://x/", async () => Response.json({ appId: APP_ID }))).rejects.toThrow("unexpected body");
  });

  it("parseJsSdkConfigResponse accepts a numeric-string timestamp and rejects junk", () => {
    expect(parseJsSdkConfigResponse({ ...ok, timestamp: "1700000000" })).toEqual(ok);
    expect(parseJsSdkConfigResponse({ ...ok, timestamp: 1.5 })).toBeNull();
    expect(parseJsSdkConfigResponse(null)).toBeNull();
    expect(parseJsSdkConfigResponse({ ...ok, signature: 1 })).toBeNull();
  });
});
