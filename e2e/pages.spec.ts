/**
 * Every page renders in the WeChat in-app browser (Android phone) without script errors, in
 * Chinese, without sideways scrolling; a full-page screenshot of each is kept for review
 * (attached to the report and written to test-results/screenshots/). Any console error fails
 * a page, and so does any answer of 400 or more (a missing favicon included), any
 * Content-Security-Policy violation, or a page served without the policy. Every page is also
 * checked with axe-core (WCAG 2 A/AA) at the Pixel 7's size: any serious or critical
 * violation fails it, named with its rule id and the elements found.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
import { appUrl, E2E } from "./e2e-env";
import { expectAccessible } from "./support/axe";
import { ensureAppTicketKnownToSimulator } from "./support/browser-jssdk";
import { newWeChatContext, watchPageProblems, type PageProblems } from "./support/browser";
import { signIn, simUsers, type SimUser } from "./support/browser-oauth";

const APP = appUrl();
const SCREENSHOT_DIR = process.env.E2E_SCREENSHOT_DIR || path.join("test-results", "screenshots");

let context: BrowserContext;

test.beforeAll(async ({ playwright }) => {
  const request = await playwright.request.newContext();
  await ensureAppTicketKnownToSimulator(request, APP);
  await request.dispose();
});
let page: Page;
let problems: PageProblems;

test.beforeEach(async ({ browser }) => {
  context = await newWeChatContext(browser, { platform: "android" });
  // Recorded from the first script on: every CSP violation the page causes, whatever blocked it.
  await context.addInitScript(() => {
    const found: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = found;
    document.addEventListener("securitypolicyviolation", (e) => found.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`));
  });
  page = await context.newPage();
  problems = watchPageProblems(page);
  page.on("response", (response) => {
    if (response.status() >= 400) problems.errors.push(`HTTP ${response.status()} ${response.url()}`);
  });
});

test.afterEach(async () => {
  await context.close();
});

async function signInAs(user: SimUser): Promise<void> {
  // context.request shares the page's cookie jar.
  await signIn(context.request, { scope: "snsapi_userinfo", openid: user.openid });
}

/** Renders `url`, checks it and keeps a screenshot named `name`; `status` for the 404 page. */
async function checkPage(url: string, name: string, testInfo: TestInfo, ready?: () => Promise<void>, status = 200): Promise<void> {
  const response = await page.goto(url);
  expect(response?.status(), `${url} status`).toBe(status);
  const policy = response?.headers()["content-security-policy"] ?? "";
  expect(policy, "Content-Security-Policy").toContain("frame-ancestors 'self'");
  expect(policy).toMatch(/script-src [^;]*'nonce-/);
  expect(policy).not.toContain("unsafe-eval");
  // Not "networkidle": the simulator's bridge reports calls with keepalive fetches whose
  // answers are never read, which Chromium keeps counting as in flight.
  await page.waitForLoadState("load");
  if (ready) await ready();
  await page.evaluate(() => document.fonts.ready);

  expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
  expect(await page.title()).toMatch(/[\u4e00-\u9fff]/);
  const text = await page.locator("body").innerText();
  expect(text.match(/[\u4e00-\u9fff]/g)?.length ?? 0, "Chinese text on the page").toBeGreaterThan(10);
  // A phone page never scrolls sideways (long openids and URLs must wrap).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(0);
  await expectAccessible(page, url);
  // Pinch-zoom stays allowed (WCAG 1.4.4): no maximum-scale, no user-scalable=no.
  const viewport = (await page.locator('meta[name="viewport"]').getAttribute("content")) ?? "";
  expect(viewport, "meta viewport").not.toMatch(/maximum-scale|user-scalable\s*=\s*(no|0)/i);

  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
  // The icons the page declares (and the favicon browsers ask for anyway) exist.
  const icons = await page.locator('link[rel~="icon"], link[rel="apple-touch-icon"]').evaluateAll((links) =>
    links.map((link) => (link as HTMLLinkElement).href),
  );
  expect(icons.length, "declared icons").toBeGreaterThanOrEqual(2);
  for (const icon of [...icons, new URL("/favicon.ico", APP).href]) expect((await context.request.get(icon)).status(), icon).toBe(200);
  expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations), "CSP violations").toEqual([]);
  expect(problems.errors, "page errors / console errors / failed answers").toEqual([]);
}

test("/ signed out", async ({}, testInfo) => {
  await checkPage("/", "home-signed-out", testInfo);
  await expect(page.getByTestId("signin-userinfo")).toBeVisible();
});

test("/ signed in", async ({}, testInfo) => {
  const user = (await simUsers(context.request))[5] as SimUser;
  await signInAs(user);
  await checkPage("/", "home-signed-in", testInfo, async () => {
    await expect(page.getByTestId("user-nickname")).toContainText(user.nickname);
    await expect.poll(() => page.locator("img.avatar").first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  });
});

test("/profile signed in", async ({}, testInfo) => {
  const user = (await simUsers(context.request))[5] as SimUser;
  await signInAs(user);
  await checkPage("/profile", "profile", testInfo, async () => {
    await expect(page.getByTestId("profile-nickname")).toHaveText(user.nickname);
  });
});

test("/profile signed out", async ({}, testInfo) => {
  await checkPage("/profile", "profile-signed-out", testInfo);
  await expect(page.getByTestId("profile-signed-out")).toBeVisible();
});

test("/jssdk", async ({}, testInfo) => {
  await checkPage("/jssdk", "jssdk", testInfo, async () => {
    await expect(page.getByTestId("wx-status")).toHaveAttribute("data-status", "ready");
    await page.getByTestId("btn-network").click();
    await expect(page.getByTestId("network-result")).toContainText("wifi");
  });
});

test("/jssdk/share", async ({}, testInfo) => {
  await checkPage("/jssdk/share", "jssdk-share", testInfo, async () => {
    await expect(page.getByTestId("wx-status")).toHaveAttribute("data-status", "ready");
    await page.getByTestId("btn-share").click();
    await expect(page.getByTestId("share-result")).toContainText("已设置");
  });
});

test("/jssdk/image", async ({}, testInfo) => {
  await checkPage("/jssdk/image", "jssdk-image", testInfo, async () => {
    await expect(page.getByTestId("wx-status")).toHaveAttribute("data-status", "ready");
  });
});

test("/admin asks for the token, then shows the dashboard", async ({}, testInfo) => {
  await checkPage("/admin", "admin-login", testInfo);
  await expect(page.getByTestId("admin-login-form")).toBeVisible();
  await page.getByTestId("admin-token-input").fill(E2E.adminToken);
  await page.getByTestId("admin-login").click();
  await expect(page.getByTestId("admin-login-form")).toBeHidden();
  await checkPage("/admin", "admin-dashboard", testInfo);
  await checkPage("/admin/menu", "admin-menu", testInfo, async () => {
    await expect(page.getByTestId("admin-nav").getByRole("link", { name: "菜单" })).toHaveAttribute("aria-current", "page");
  });
  await checkPage("/admin/followers", "admin-followers-page", testInfo, async () => {
    await expect(page.getByTestId("admin-followers")).toBeVisible();
  });
});

test("/admin/menu and /admin/followers signed out ask for the token", async ({}, testInfo) => {
  for (const url of ["/admin/menu", "/admin/followers"]) {
    await checkPage(url, `admin-login-${url.split("/").pop()}`, testInfo);
    await expect(page.getByTestId("admin-login-form")).toBeVisible();
  }
});

test("an unknown page shows the 404 page", async ({}, testInfo) => {
  const url = "/no-such-page";
  // The page's own 404 is the point here; it is the one failed answer allowed.
  await checkPage(url, "not-found", testInfo, async () => {
    await expect(page.getByTestId("not-found")).toBeVisible();
    problems.errors = problems.errors.filter((line) => !line.includes(url));
  }, 404);
});

test("/auth/error?reason=denied", async ({}, testInfo) => {
  await checkPage("/auth/error?reason=denied", "auth-error-denied", testInfo);
  await expect(page.getByTestId("auth-error")).toHaveAttribute("data-reason", "denied");
  await expect(page.getByTestId("auth-retry")).toBeVisible();
});

test("/auth/error with an unknown or injected reason shows the generic text", async ({}, testInfo) => {
  await checkPage("/auth/error?reason=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "auth-error-unknown", testInfo);
  await expect(page.getByTestId("auth-error")).toHaveAttribute("data-reason", "unknown");
  await expect(page.getByTestId("auth-error")).not.toContainText("<script>");
});
