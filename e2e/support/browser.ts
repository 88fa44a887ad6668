/**
 * Browser contexts that look like the WeChat in-app browser (X5/XWEB on Android, WKWebView on
 * iPhone) to the app: a MicroMessenger user agent, a phone viewport, the simulator's
 * `window.WeixinJSBridge` injected before any page script, and WeChat's own hosts blocked
 * (jweixin may load a report image from open.weixin.qq.com).
 */
import type { Browser, BrowserContext, ConsoleMessage, Page } from "@playwright/test";
import { appUrl, simulatorUrl } from "../e2e-env";

export type WeChatPlatform = "android" | "ios";

/** What WeChat 8.0.50 on Android (XWEB) sends. */
export const ANDROID_WECHAT_UA =
  "Mozilla/5.0 (Linux; Android 14; Pixel 7 Build/UQ1A.240205.004; wv) AppleWebKit/537.36 (KHTML, like Gecko) " +
  "Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160117 MMWEBSDK/20240404 MMWEBID/6533 " +
  "MicroMessenger/8.0.50.2701(0x28003252) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64";

/** What WeChat 8.0.50 on an iPhone sends. */
export const IOS_WECHAT_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) " +
  "Mobile/15E148 MicroMessenger/8.0.50(0x1800322c) NetType/WIFI Language/zh_CN";

/** An ordinary mobile Chrome: no MicroMessenger, so the JS-SDK must stay silent. */
export const PLAIN_MOBILE_UA =
  "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36";

const VIEWPORTS: Record<WeChatPlatform, { width: number; height: number }> = {
  android: { width: 412, height: 915 },
  ios: { width: 390, height: 844 },
};

export interface WeChatContextOptions {
  platform?: WeChatPlatform;
  /** false: same phone and bridge, but a plain (non-WeChat) user agent. Default true. */
  wechat?: boolean;
  /** Extra `window.__WX_SIM__` options for the bridge (networkType, readyDelayMs, …). */
  bridgeOptions?: Record<string, unknown>;
  baseURL?: string;
}

let bridgeScript: Promise<string> | undefined;

/** The simulator's bridge script, fetched once per worker. */
export function jsBridgeScript(): Promise<string> {
  bridgeScript ??= fetch(`${simulatorUrl}/__sim/jsbridge.js`).then(async (res) => {
    if (!res.ok) throw new Error(`GET /__sim/jsbridge.js answered ${res.status}`);
    return res.text();
  });
  return bridgeScript;
}

/** A fresh, isolated browser context emulating the WeChat in-app browser. */
export async function newWeChatContext(browser: Browser, options: WeChatContextOptions = {}): Promise<BrowserContext> {
  const platform = options.platform ?? "android";
  const wechat = options.wechat ?? true;
  const userAgent = !wechat ? PLAIN_MOBILE_UA : platform === "ios" ? IOS_WECHAT_UA : ANDROID_WECHAT_UA;
  const context = await browser.newContext({
    baseURL: options.baseURL ?? appUrl(),
    userAgent,
    viewport: VIEWPORTS[platform],
    // 1×, not a phone's 2–3×: the same CSS layout, a fraction of the rendering work (playwright.config.ts).
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  // Order matters: the bridge reads its options from window.__WX_SIM__ when it runs.
  await context.addInitScript((sim: Record<string, unknown>) => {
    (window as unknown as { __WX_SIM__: Record<string, unknown> }).__WX_SIM__ = sim;
  }, { platform, origin: simulatorUrl, ...options.bridgeOptions });
  await context.addInitScript({ content: await jsBridgeScript() });
  await context.route("https://open.weixin.qq.com/**", (route) => route.abort());
  await context.route("https://res.wx.qq.com/**", (route) => route.abort());
  return context;
}

export interface PageProblems {
  /** Uncaught exceptions and console errors, as text. */
  errors: string[];
}

/**
 * Collects what a person would see as "the page is broken": uncaught exceptions and
 * console errors. Loads of WeChat's own hosts fail on purpose (blocked) and are ignored, as
 * are `wxlocalresource://` pictures (a scheme only WeChat's web view knows).
 */
export function watchPageProblems(page: Page): PageProblems {
  const problems: PageProblems = { errors: [] };
  page.on("pageerror", (error) => problems.errors.push(`pageerror: ${error.message}`));
  page.on("console", (message: ConsoleMessage) => {
    if (message.type() !== "error") return;
    const source = message.location().url ?? "";
    if (/^https:\/\/(open\.weixin\.qq\.com|res\.wx\.qq\.com)\//.test(source)) return;
    // Picture localIds only load inside WeChat's own web view.
    if (source.startsWith("wxlocalresource://")) return;
    problems.errors.push(`console.error: ${message.text()} (${source})`);
  });
  return problems;
}

/** A recorded `WeixinJSBridge` call (see simulator/ui/jsbridge-script.ts). */
export interface BridgeCall {
  kind: string;
  name: string;
  args: Record<string, unknown> | null;
  result: Record<string, unknown> | null;
  url: string;
  platform: string;
  at: number;
}

export function bridgeCalls(page: Page, name?: string): Promise<BridgeCall[]> {
  return page.evaluate((n) => {
    const calls = ((window as unknown as { __wxBridgeCalls?: unknown[] }).__wxBridgeCalls ?? []) as BridgeCall[];
    return JSON.parse(JSON.stringify(n ? calls.filter((c) => c.name === n) : calls)) as BridgeCall[];
  }, name);
}
