/**
 * Runs the bridge script and the real jweixin 1.6 (npm weixin-js-sdk) in a
 * small fake browser (node:vm), against a live simulator.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import vm from "node:vm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../server";
import { signJsapi } from "../protocol/crypto";
import { APP_ID, fetchAccessToken, getJson, startTestSimulator } from "../testing/test-support";

const jweixinSource = fs.readFileSync(createRequire(import.meta.url).resolve("weixin-js-sdk"), "utf8");
const ANDROID_UA = "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 Chrome/116 Mobile MicroMessenger/8.0.50.2701 NetType/WIFI";
let sim: RunningSimulator;
let ticket: string;

beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());
beforeEach(async () => {
  sim.state.reset();
  const token = await fetchAccessToken(sim);
  ticket = (await getJson(`${sim.url}/cgi-bin/ticket/getticket?access_token=${token}&type=jsapi`)).ticket as string;
});

type Wx = Record<string, (arg: unknown) => void>;
interface FakePage {
  window: Record<string, unknown>;
  wx: Wx;
  navigate(href: string): void;
  reports: string[];
}

/** A page at `href` with the bridge (as addInitScript would) and jweixin loaded. */
function openPage(href: string, simOptions?: Record<string, unknown>): FakePage {
  const listeners: Record<string, Array<(e: unknown) => void>> = {};
  const reports: string[] = [];
  const location = { href };
  const document = {
    title: "页面",
    addEventListener: (type: string, fn: (e: unknown) => void) => (listeners[type] ??= []).push(fn),
    dispatchEvent: (ev: { type: string }) => (listeners[ev.type] ?? []).forEach((fn) => fn(ev)),
  };
  const win: Record<string, unknown> = {
    document, location, navigator: { userAgent: ANDROID_UA, platform: "Linux armv8l" },
    fetch, setTimeout, clearTimeout, console, JSON, Date, Math, Object, alert: () => {},
    Event: class { constructor(public type: string) {} },
    Image: class { set src(v: string) { reports.push(v); } },
  };
  if (simOptions) win.__WX_SIM__ = simOptions;
  win.window = win;
  const ctx = vm.createContext(win);
  vm.runInContext(sim.jsBridgeScript(), ctx);
  const commonjs = { exports: {} as Wx };
  vm.runInContext(`(function (module) {${jweixinSource}\n})`, ctx)(commonjs);
  return { window: win, wx: commonjs.exports, navigate: (h) => void (location.href = h), reports };
}

function sign(url: string, ts = "1700000000", nonce = "n0nce"): Record<string, string> {
  return { appId: APP_ID, timestamp: ts, nonceStr: nonce, signature: signJsapi({ ticket, nonceStr: nonce, timestamp: ts, url }) };
}

/** wx.config, resolving with 'ready' or the wx.error payload. */
function configure(page: FakePage, cfg: Record<string, unknown>): Promise<unknown> {
  return new Promise((resolve) => {
    page.wx.config!({ debug: false, jsApiList: ["updateAppMessageShareData", "getNetworkType", "chooseImage"], ...cfg });
    page.wx.ready!(() => resolve("ready"));
    page.wx.error!((e: unknown) => resolve(e));
  });
}

const call = (page: FakePage, api: string, args: Record<string, unknown> = {}): Promise<Record<string, unknown>> =>
  new Promise((resolve) => page.wx[api]!({ ...args, success: resolve, fail: resolve, cancel: resolve }));

describe("WeixinJSBridge with jweixin 1.6", () => {
  it("config succeeds for a valid signature (fragment ignored) and APIs answer as in WeChat", async () => {
    const page = openPage("http://localhost:3000/jssdk?tab=1#/share");
    expect(await configure(page, sign("http://localhost:3000/jssdk?tab=1"))).toBe("ready");
    expect(await call(page, "getNetworkType")).toMatchObject({ errMsg: "getNetworkType:ok", networkType: "wifi" });
    const image = await call(page, "chooseImage", { count: 1 });
    expect(image.errMsg).toBe("chooseImage:ok");
    expect((image.localIds as string[])[0]).toMatch(/^wxlocalresource:\/\//);
    expect(await call(page, "updateAppMessageShareData", { title: "t", desc: "d", link: "http://localhost:3000/", imgUrl: "" }))
      .toMatchObject({ errMsg: "updateAppMessageShareData:ok" });
    // Not in jsApiList → denied, like the client.
    expect((await call(page, "scanQRCode")).errMsg).toMatch(/permission denied/);
    const calls = page.window.__wxBridgeCalls as Array<{ name: string }>;
    expect(calls.map((c) => c.name)).toContain("preVerifyJSAPI");
    await new Promise((r) => setTimeout(r, 50));
    const recorded = (await getJson(`${sim.url}/__sim/jsapi/calls`)).calls as Array<{ name: string }>;
    expect(recorded.map((c) => c.name)).toEqual(expect.arrayContaining(["preVerifyJSAPI", "getNetworkType", "chooseImage"]));
    expect(sim.state.calls["jsapi/preVerifyJSAPI"]).toBe(1);
  });

  it("a wrong signature reaches wx.error as 'config:invalid signature' and APIs are then denied", async () => {
    const page = openPage("http://localhost:3000/jssdk");
    const result = await configure(page, { ...sign("http://localhost:3000/other"), jsApiList: ["getNetworkType"] });
    expect(result).toMatchObject({ errMsg: "config:invalid signature" });
    expect((await call(page, "getNetworkType")).errMsg).toBe("getNetworkType:fail");
  });

  it("Android signs the current URL after pushState, iOS the URL the page was loaded at", async () => {
    const android = openPage("http://localhost:3000/jssdk");
    android.navigate("http://localhost:3000/jssdk/share");
    expect(await configure(android, sign("http://localhost:3000/jssdk/share"))).toBe("ready");

    const ios = openPage("http://localhost:3000/jssdk", { platform: "ios" });
    ios.navigate("http://localhost:3000/jssdk/share");
    expect(await configure(ios, sign("http://localhost:3000/jssdk/share"))).toMatchObject({ errMsg: "config:invalid signature" });
    const ios2 = openPage("http://localhost:3000/jssdk", { platform: "ios" });
    ios2.navigate("http://localhost:3000/jssdk/share");
    expect(await configure(ios2, sign("http://localhost:3000/jssdk"))).toBe("ready");
  });

  it("answers 'permission denied' before any config", async () => {
    const page = openPage("http://localhost:3000/");
    const bridge = page.window.WeixinJSBridge as { invoke: (n: string, a: unknown, cb: (r: unknown) => void) => void };
    const res = await new Promise((resolve) => bridge.invoke("getNetworkType", {}, resolve));
    expect(res).toEqual({ err_msg: "getNetworkType:fail, permission denied" });
  });
});

describe("/__sim/jsapi/verify", () => {
  const verify = (body: unknown): Promise<Response> =>
    fetch(`${sim.url}/__sim/jsapi/verify`, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify(body) });

  it("checks domain, appId and every valid ticket, with CORS", async () => {
    const url = "http://127.0.0.1:3000/a?b=c";
    const s = sign(url);
    const ok = await verify({ appId: APP_ID, verifyTimestamp: s.timestamp, verifyNonceStr: s.nonceStr, verifySignature: s.signature, url });
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");
    expect(await ok.json()).toMatchObject({ ok: true, err_msg: "config:ok" });
    const foreign = await verify({ appId: APP_ID, verifyTimestamp: s.timestamp, verifyNonceStr: s.nonceStr, verifySignature: s.signature, url: "https://evil.example/a" });
    expect(await foreign.json()).toMatchObject({ ok: false, err_msg: "config:invalid url domain" });
    const preflight = await fetch(`${sim.url}/__sim/jsapi/verify`, { method: "OPTIONS" });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    await fetch(`${sim.url}/__sim/expire-tokens`, { method: "POST" });
    const expired = await verify({ appId: APP_ID, verifyTimestamp: s.timestamp, verifyNonceStr: s.nonceStr, verifySignature: s.signature, url });
    expect(await expired.json()).toMatchObject({ ok: false, err_msg: "config:invalid signature" });
  });
});
