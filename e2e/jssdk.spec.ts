/**
 * The JS-SDK pages in Chromium dressed as the WeChat in-app browser, with the simulator's
 * WeixinJSBridge. Every wx.config the page makes (first load and each client-side route
 * change) is checked here independently: sha1 over the app's ticket and the page's URL,
 * the simulator's own verification, and agreement with what /api/jssdk/config answered.
 */
import { expect, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { appUrl, E2E, simulatorUrl } from "./e2e-env";
import { bridgeCalls, newWeChatContext, watchPageProblems, type BridgeCall, type PageProblems, type WeChatPlatform } from "./support/browser";
import {
  captureConfigExchanges,
  ensureAppTicketKnownToSimulator,
  signatureMatchesAppTicket,
  simulatorVerifies,
  type ConfigExchange,
  type SignedConfig,
} from "./support/browser-jssdk";

const APP = appUrl();

let context: BrowserContext | undefined;

test.beforeAll(async ({ playwright }) => {
  const request = await playwright.request.newContext();
  await ensureAppTicketKnownToSimulator(request, APP);
  await request.dispose();
});

test.afterEach(async () => {
  await context?.close();
  context = undefined;
});

interface Tab {
  page: Page;
  exchanges: ConfigExchange[];
  problems: PageProblems;
}

async function openTab(browser: import("@playwright/test").Browser, platform: WeChatPlatform, wechat = true): Promise<Tab> {
  context = await newWeChatContext(browser, { platform, wechat });
  const page = await context.newPage();
  return { page, exchanges: captureConfigExchanges(page), problems: watchPageProblems(page) };
}

/** The bridge's answer; jweixin rewrites the recorded object in place (err_msg → errMsg). */
const resultMessage = (call: BridgeCall): unknown => call.result?.err_msg ?? call.result?.errMsg;

const hrefWithoutFragment = (page: Page): Promise<string> => page.evaluate(() => location.href.split("#")[0] ?? "");

/**
 * Waits for wx.config number `count` to settle as ready, then checks it from every side.
 * `verifiedUrl` is the URL WeChat's client checks: the current one on Android, the landing
 * one on iOS.
 */
async function expectConfigured(
  tab: Tab,
  request: APIRequestContext,
  expected: { count: number; verifiedUrl: string; platform: WeChatPlatform },
): Promise<BridgeCall> {
  const { page } = tab;
  const current = await hrefWithoutFragment(page);
  // Android checks the page's current URL; iOS the landing one, which after a client-side
  // navigation is no longer the current URL.
  if (expected.platform === "android") expect(current).toBe(expected.verifiedUrl);
  await expect.poll(async () => (await bridgeCalls(page, "preVerifyJSAPI")).length, { timeout: 15_000 }).toBe(expected.count);
  await expect(page.getByTestId("wx-status")).toHaveAttribute("data-status", "ready", { timeout: 15_000 });
  await expect(page.getByTestId("wx-signed-url")).toHaveText(expected.verifiedUrl);

  const calls = await bridgeCalls(page, "preVerifyJSAPI");
  const call = calls[calls.length - 1] as BridgeCall;
  expect(resultMessage(call)).toBe("config:ok");
  const args = call.args as Record<string, unknown>;
  expect(args.appId).toBe(E2E.appId);
  expect(args.verifySignType).toBe("sha1");
  expect(args.verifyJsApiList).toEqual(expect.arrayContaining(["getNetworkType", "chooseImage", "updateAppMessageShareData"]));
  const signed: SignedConfig = {
    timestamp: String(args.verifyTimestamp),
    nonceStr: String(args.verifyNonceStr),
    signature: String(args.verifySignature),
    url: expected.verifiedUrl,
  };
  expect(signed.timestamp).toMatch(/^\d{10}$/);
  expect(Math.abs(Number(signed.timestamp) - Date.now() / 1000)).toBeLessThan(300);
  expect(signed.nonceStr).toMatch(/^[A-Za-z0-9]{8,32}$/);
  expect(signed.signature).toMatch(/^[0-9a-f]{40}$/);

  // What the page passed to wx.config is exactly what the app signed for that URL.
  const exchange = [...tab.exchanges].reverse().find((e) => e.body?.signature === signed.signature);
  expect(exchange, `no /api/jssdk/config answer carries ${signed.signature}`).toBeTruthy();
  expect(exchange?.status).toBe(200);
  expect(exchange?.signedUrl).toBe(expected.verifiedUrl);
  expect(exchange?.body).toEqual({ appId: E2E.appId, timestamp: Number(signed.timestamp), nonceStr: signed.nonceStr, signature: signed.signature });

  // Recomputed here: sha1("jsapi_ticket=T&noncestr=N&timestamp=TS&url=URL").
  expect(await signatureMatchesAppTicket(signed), "sha1 over the app's ticket and the page URL").toBe(true);
  expect(await simulatorVerifies(request, signed)).toMatchObject({ ok: true, err_msg: "config:ok" });
  // …and it is bound to this URL, nonce and timestamp.
  expect(await signatureMatchesAppTicket({ ...signed, url: `${signed.url}x` })).toBe(false);
  expect(await signatureMatchesAppTicket({ ...signed, nonceStr: `${signed.nonceStr}x` })).toBe(false);
  expect(await signatureMatchesAppTicket({ ...signed, timestamp: String(Number(signed.timestamp) + 1) })).toBe(false);
  expect((await simulatorVerifies(request, { ...signed, url: `${APP}/somewhere-else` })).ok).toBe(false);
  return call;
}

/** Clicks a tab and proves the change was client-side (the document, and its globals, survive). */
async function navigateClientSide(page: Page, testId: string, path: string): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __marker?: number }).__marker = 1;
  });
  await page.getByTestId(testId).click();
  await page.waitForURL(`${APP}${path}`);
  expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
}

test("Android: wx.config is valid for the current URL on load and after each client-side navigation; the demos work", async ({ browser, request }) => {
  await request.delete(`${simulatorUrl}/__sim/jsapi/calls`);
  const tab = await openTab(browser, "android");
  const { page } = tab;

  // A shared link as WeChat opens it: its own query, plus a fragment that must not be signed.
  const landing = `${APP}/jssdk?from=singlemessage&isappinstalled=0`;
  await page.goto("/jssdk?from=singlemessage&isappinstalled=0#top");
  await expectConfigured(tab, request, { count: 1, verifiedUrl: landing, platform: "android" });
  await page.getByTestId("btn-network").click();
  await expect(page.getByTestId("network-result")).toContainText("wifi");

  await navigateClientSide(page, "nav-share", "/jssdk/share");
  await expectConfigured(tab, request, { count: 2, verifiedUrl: `${APP}/jssdk/share`, platform: "android" });
  await page.getByTestId("btn-share").click();
  await expect(page.getByTestId("share-result")).toContainText("发送给朋友：已设置");
  await expect(page.getByTestId("share-result")).toContainText("分享到朋友圈：已设置");
  const [share] = await bridgeCalls(page, "updateAppMessageShareData");
  expect(share && resultMessage(share)).toBe("updateAppMessageShareData:ok");
  expect(share?.args).toMatchObject({ link: `${APP}/jssdk/share`, imgUrl: expect.stringMatching(new RegExp(`^${APP}/`)) });

  await navigateClientSide(page, "nav-image", "/jssdk/image");
  await expectConfigured(tab, request, { count: 3, verifiedUrl: `${APP}/jssdk/image`, platform: "android" });
  await page.getByTestId("btn-choose-image").click();
  await expect(page.getByTestId("image-result")).toContainText("已选择 1 张图片");
  await expect(page.getByTestId("image-result")).toContainText("wxlocalresource://");

  await navigateClientSide(page, "nav-overview", "/jssdk");
  await expectConfigured(tab, request, { count: 4, verifiedUrl: `${APP}/jssdk`, platform: "android" });

  // Every config used a fresh nonce; the simulator saw the same calls as the page.
  const calls = await bridgeCalls(page, "preVerifyJSAPI");
  expect(new Set(calls.map((c) => c.args?.verifyNonceStr)).size).toBe(4);
  await expect
    .poll(async () => {
      const body = (await (await request.get(`${simulatorUrl}/__sim/jsapi/calls`)).json()) as { calls: BridgeCall[] };
      return body.calls.filter((c) => c.name === "preVerifyJSAPI").map((c) => c.args?.verifySignature);
    })
    .toEqual(calls.map((c) => c.args?.verifySignature));
  expect(tab.problems.errors).toEqual([]);
});

test("iOS: signs the landing URL, which iOS WeChat verifies, and stays ready after client-side navigations", async ({ browser, request }) => {
  const tab = await openTab(browser, "ios");
  const { page } = tab;
  const landing = `${APP}/jssdk/share`;
  await page.goto("/jssdk/share#intro");
  await expectConfigured(tab, request, { count: 1, verifiedUrl: landing, platform: "ios" });

  await navigateClientSide(page, "nav-image", "/jssdk/image");
  await expectConfigured(tab, request, { count: 2, verifiedUrl: landing, platform: "ios" });

  await navigateClientSide(page, "nav-overview", "/jssdk");
  await expectConfigured(tab, request, { count: 3, verifiedUrl: landing, platform: "ios" });
  await page.getByTestId("btn-network").click();
  await expect(page.getByTestId("network-result")).toContainText("wifi");

  // config:ok although the signed URL is not the current one: the iOS bridge checked the landing URL.
  expect(await hrefWithoutFragment(page)).toBe(`${APP}/jssdk`);
  const calls = await bridgeCalls(page, "preVerifyJSAPI");
  expect(calls.map((c) => c.platform)).toEqual(["ios", "ios", "ios"]);
  expect(tab.problems.errors).toEqual([]);
});

test("the share card's picture (imgUrl given to updateAppMessageShareData) exists", async ({ browser, request }) => {
  const tab = await openTab(browser, "android");
  const { page } = tab;
  await page.goto("/jssdk/share");
  await expect(page.getByTestId("wx-status")).toHaveAttribute("data-status", "ready");
  await page.getByTestId("btn-share").click();
  await expect(page.getByTestId("share-result")).toContainText("已设置");
  const calls = [...(await bridgeCalls(page, "updateAppMessageShareData")), ...(await bridgeCalls(page, "updateTimelineShareData"))];
  expect(calls).toHaveLength(2);
  for (const call of calls) {
    const imgUrl = String(call.args?.imgUrl);
    // Friends would see a blank thumbnail otherwise.
    const picture = await request.get(imgUrl);
    expect(picture.status(), `imgUrl ${imgUrl}`).toBe(200);
    expect(picture.headers()["content-type"]).toMatch(/^image\//);
  }
});

test("iOS: a chosen picture is shown (WKWebView cannot load wxlocalresource://; jweixin swaps in getLocalImgData)", async ({ browser, request }) => {
  const tab = await openTab(browser, "ios");
  const { page } = tab;
  await page.goto("/jssdk/image");
  await expectConfigured(tab, request, { count: 1, verifiedUrl: `${APP}/jssdk/image`, platform: "ios" });
  await page.getByTestId("btn-choose-image").click();
  await expect(page.getByTestId("image-result")).toContainText("已选择 1 张图片");
  const thumbnail = page.locator(".thumbs img").first();
  await expect(thumbnail).toBeVisible();
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: 5_000 }).toBe(true);
  expect(tab.problems.errors).toEqual([]);
});

test("outside WeChat (plain mobile Chrome): status unsupported, no signing, no wx.config", async ({ browser }) => {
  const tab = await openTab(browser, "android", false);
  const { page } = tab;
  await page.goto("/jssdk");
  await expect(page.getByTestId("wx-status")).toHaveAttribute("data-status", "unsupported");
  await expect(page.getByTestId("wx-status")).toContainText(/微信/);
  await expect(page.getByTestId("btn-network")).toBeDisabled();
  await navigateClientSide(page, "nav-share", "/jssdk/share");
  await expect(page.getByTestId("wx-status")).toHaveAttribute("data-status", "unsupported");
  await page.waitForLoadState("networkidle");
  expect(await bridgeCalls(page, "preVerifyJSAPI")).toEqual([]);
  expect(tab.exchanges).toEqual([]);
  expect(tab.problems.errors).toEqual([]);
});

test.describe("GET /api/jssdk/config", () => {
  const config = (request: APIRequestContext, url?: string) =>
    request.get(url === undefined ? "/api/jssdk/config" : `/api/jssdk/config?url=${encodeURIComponent(url)}`);

  test("answers exactly {appId, timestamp, nonceStr, signature} for an allowed page, signed without the fragment", async ({ request }) => {
    const res = await config(request, `${APP}/jssdk?a=1&b=%E4%B8%AD#frag`);
    expect(res.status()).toBe(200);
    const text = await res.text();
    expect(text).not.toMatch(/ticket|access_token/i);
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["appId", "nonceStr", "signature", "timestamp"]);
    expect(body.appId).toBe(E2E.appId);
    expect(Number.isInteger(body.timestamp)).toBe(true);
    expect(res.headers()["cache-control"] ?? "").toMatch(/no-store|private|no-cache/);
    const signed: SignedConfig = {
      timestamp: String(body.timestamp),
      nonceStr: String(body.nonceStr),
      signature: String(body.signature),
      url: `${APP}/jssdk?a=1&b=%E4%B8%AD`,
    };
    expect(await signatureMatchesAppTicket(signed)).toBe(true);
    expect(await signatureMatchesAppTicket({ ...signed, url: `${signed.url}#frag` })).toBe(false);
    expect((await simulatorVerifies(request, signed)).ok).toBe(true);
  });

  test("signs pages of JSSDK_ALLOWED_ORIGINS (the second origin) too", async ({ request }) => {
    const url = `${appUrl(E2E.secondAppPort)}/jssdk/share`;
    const res = await config(request, url);
    expect(res.status()).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(await signatureMatchesAppTicket({ timestamp: String(body.timestamp), nonceStr: String(body.nonceStr), signature: String(body.signature), url })).toBe(true);
  });

  for (const [name, url] of [
    ["missing url", undefined],
    ["empty url", ""],
    ["relative url", "/jssdk"],
    ["ftp url", `ftp://localhost:${E2E.appPort}/jssdk`],
    ["javascript: url", "javascript:alert(1)"],
    ["not a url", "http://"],
    ["url with credentials", `http://localhost:${E2E.appPort}@evil.com/jssdk`],
  ] as const) {
    test(`400 for ${name}`, async ({ request }) => {
      const res = await config(request, url);
      expect(res.status()).toBe(400);
      expect(await res.text()).not.toMatch(/signature|ticket/i);
    });
  }

  for (const url of [
    "https://evil.com/jssdk",
    `http://localhost.evil.com:${E2E.appPort}/jssdk`,
    `https://localhost:${E2E.appPort}/jssdk`,
    `http://localhost:${E2E.appPort + 50}/jssdk`,
    `http://127.0.0.1:${E2E.appPort}/jssdk`,
  ]) {
    test(`403 for the foreign origin of ${url}`, async ({ request }) => {
      const res = await config(request, url);
      expect(res.status()).toBe(403);
      expect(await res.text()).not.toMatch(/signature|ticket/i);
    });
  }
});
