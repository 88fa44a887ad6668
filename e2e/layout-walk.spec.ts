/**
 * The layout walk (issue 24, "Done when"): every page of the app — found from the files under
 * app/ (every page.tsx without a dynamic segment), so a screen added later is walked without
 * touching this file — and every page of the simulator, at 360 × 740 (a small phone) and
 * 1280 × 800, checked for:
 *   - nothing scrolls sideways: neither the page nor any box inside it;
 *   - in the console, every section's tab on screen and the active one marked and visible;
 *   - axe-core (WCAG 2 A/AA) with no serious or critical violation;
 *   - pinch-zoom allowed (no maximum-scale / user-scalable=no).
 * Console screens are walked signed in; each console page must be in ADMIN_SCREENS (the
 * navigation's list), so no screen exists that the tab bar cannot reach. A screenshot of every
 * page at both sizes goes to E2E_SCREENSHOT_DIR (test-results/screenshots/walk by default).
 */
import { readdirSync, mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { ADMIN_SCREENS } from "../app/admin/_components/admin-screens";
import { appUrl, E2E, simulatorUrl } from "./e2e-env";
import { expectAccessible } from "./support/axe";
import { appCall } from "./support/app-api";
import { ANDROID_WECHAT_UA, jsBridgeScript } from "./support/browser";

const SCREENSHOT_DIR = path.join(process.env.E2E_SCREENSHOT_DIR || path.join("test-results", "screenshots"), "walk");
const SIZES = {
  phone: { width: 360, height: 740 },
  desktop: { width: 1280, height: 800 },
} as const;
type Size = keyof typeof SIZES;

/** Every page route of the app: app/**\/page.tsx, route groups dropped, dynamic segments skipped. */
function appPages(dir = "app", prefix = ""): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name === "page.tsx") found.push(prefix || "/");
    if (!entry.isDirectory() || entry.name.startsWith("_") || entry.name.startsWith("[") || entry.name === "api") continue;
    const segment = entry.name.startsWith("(") ? "" : `/${entry.name}`;
    found.push(...appPages(path.join(dir, entry.name), `${prefix}${segment}`));
  }
  return found.sort();
}

const PAGES = appPages();
const CONSOLE_PAGES = PAGES.filter((p) => p === "/admin" || p.startsWith("/admin/"));
const PUBLIC_PAGES = PAGES.filter((p) => !CONSOLE_PAGES.includes(p));

const consentUrl = (): string => {
  const q = new URLSearchParams({ appid: E2E.appId, redirect_uri: `${appUrl()}/api/auth/callback`, response_type: "code", scope: "snsapi_userinfo", state: "walk" });
  return `${simulatorUrl}/connect/oauth2/authorize?${q}#wechat_redirect`;
};
/** The simulator's own pages: its chat, the consent page, its error page. */
const SIMULATOR_PAGES: Array<{ name: string; url: () => string }> = [
  { name: "sim-chat", url: () => `${simulatorUrl}/` },
  { name: "sim-consent", url: consentUrl },
  { name: "sim-error", url: () => `${simulatorUrl}/connect/oauth2/authorize?appid=` },
];

const slug = (route: string): string => (route === "/" ? "home" : route === "/admin" ? "admin-overview" : route.slice(1).replaceAll("/", "-"));

async function newContext(browser: Browser, size: Size): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: appUrl(),
    userAgent: ANDROID_WECHAT_UA,
    viewport: SIZES[size],
    deviceScaleFactor: 1,
    isMobile: size === "phone",
    hasTouch: size === "phone",
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  await context.addInitScript((sim: Record<string, unknown>) => {
    (window as unknown as { __WX_SIM__: Record<string, unknown> }).__WX_SIM__ = sim;
  }, { platform: "android", origin: simulatorUrl });
  await context.addInitScript({ content: await jsBridgeScript() });
  await context.route("https://open.weixin.qq.com/**", (route) => route.abort());
  await context.route("https://res.wx.qq.com/**", (route) => route.abort());
  return context;
}

/** Boxes that scroll sideways (the page itself first), as "selector: scrollWidth > clientWidth". */
async function sidewaysScrollers(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth) found.push(`page: ${root.scrollWidth} > ${window.innerWidth}`);
    for (const el of Array.from(document.body.querySelectorAll<HTMLElement>("*"))) {
      const style = getComputedStyle(el);
      if (!/(auto|scroll)/.test(style.overflowX) || el.scrollWidth <= el.clientWidth + 1) continue;
      if (el.getClientRects().length === 0) continue;
      const name = `${el.tagName.toLowerCase()}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ""}${el.className && typeof el.className === "string" ? `.${el.className.split(/\s+/).join(".")}` : ""}`;
      found.push(`${name}: ${el.scrollWidth} > ${el.clientWidth}`);
    }
    return found;
  });
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState("load");
  await page.evaluate(() => document.fonts.ready);
  // Client screens load their data after hydration; give them their first answer.
  await page.waitForTimeout(400);
}

async function checkPage(page: Page, what: string, shot: string): Promise<void> {
  await settle(page);
  expect.soft(await sidewaysScrollers(page), `sideways scrolling on ${what}`).toEqual([]);
  const viewport = (await page.locator('meta[name="viewport"]').getAttribute("content").catch(() => null)) ?? "";
  expect.soft(viewport, `meta viewport on ${what}`).not.toMatch(/maximum-scale|user-scalable\s*=\s*(no|0)/i);
  await expectAccessible(page, what);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${shot}.png`), fullPage: true });
}

/** Every tab of the console's navigation on screen at once, the active one marked. */
async function checkNavigation(page: Page, route: string): Promise<void> {
  const nav = page.getByTestId("admin-nav");
  const links = nav.getByRole("link");
  await expect(links).toHaveCount(ADMIN_SCREENS.length);
  const width = page.viewportSize()?.width ?? 0;
  for (const link of await links.all()) {
    const box = await link.boundingBox();
    expect(box, `tab ${await link.innerText()} rendered`).not.toBeNull();
    expect.soft(box!.x, `tab ${await link.innerText()} on screen`).toBeGreaterThanOrEqual(0);
    expect.soft(box!.x + box!.width, `tab ${await link.innerText()} on screen`).toBeLessThanOrEqual(width + 0.5);
  }
  const label = ADMIN_SCREENS.find((s) => s.href === route)?.label;
  const active = nav.locator('[aria-current="page"]');
  await expect(active).toHaveCount(1);
  await expect(active).toHaveText(label ?? "");
  await expect.soft(active).toBeInViewport({ ratio: 1 });
}

/** Publishes a two-button menu and sends a template message to the chat's default user. */
async function chatWithMenuAndTemplate(page: Page): Promise<{ title: string }> {
  const menu = { button: [{ type: "click", name: "今日推荐", key: "WALK_TODAY" }, { type: "click", name: "联系我们", key: "WALK_CONTACT" }] };
  const put = await fetch(`${appUrl()}/api/admin/menu`, {
    method: "PUT",
    headers: { authorization: `Bearer ${E2E.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify(menu),
  });
  expect(put.status).toBe(200);
  await page.goto(`${simulatorUrl}/`);
  const touser = await page.getByTestId("user-select").inputValue();
  const list = await appCall<{ template_list: Array<{ template_id: string; title: string; content: string }> }>("/api/admin/templates");
  const template = list.json.template_list[0]!;
  const data = Object.fromEntries([...template.content.matchAll(/\{\{(\w+)\.DATA\}\}/g)].map((m) => [m[1], { value: "走查 001" }]));
  const sent = await appCall("/api/admin/templates/send", { method: "POST", body: { templateId: template.template_id, touser, data, url: "https://example.com/order" } });
  expect(sent.status, sent.text).toBe(200);
  return { title: template.title };
}

test("the simulator's chat looks like WeChat's: the menu bar in place of the input, a template message as a card", async ({ browser }) => {
  const context = await newContext(browser, "phone");
  const page = await context.newPage();
  const { title } = await chatWithMenuAndTemplate(page);
  // A template message is WeChat's white card: its title, each row's label and value, 详情.
  const card = page.getByTestId("template-card").last();
  await expect(card).toBeVisible();
  await expect(card).toContainText(title);
  await expect(card).toContainText("走查 001");
  await expect(card.getByRole("link", { name: "详情" })).toBeVisible();
  // With a menu, the bottom bar is the menu (keyboard key on its left), the input hidden; and back.
  const bar = page.getByTestId("menu-bar");
  await expect(bar.getByTestId("menu-button")).toHaveCount(2);
  await expect(bar).toBeVisible();
  await expect(page.getByTestId("message-input")).toBeHidden();
  const messages = await page.getByTestId("chat-messages").boundingBox();
  const barBox = await bar.boundingBox();
  expect(barBox!.y).toBeGreaterThanOrEqual(messages!.y + messages!.height - 1);
  await page.getByTestId("to-keyboard").click();
  await expect(page.getByTestId("message-input")).toBeVisible();
  await expect(bar).toBeHidden();
  await page.getByTestId("to-menu").click();
  await expect(bar).toBeVisible();
  await checkPage(page, "sim-chat with a menu and a template card (phone)", "sim-chat-menu-template-phone");
  await context.close();
});

test("every console page is a section of the navigation", () => {
  expect(CONSOLE_PAGES.length).toBeGreaterThan(3);
  expect(CONSOLE_PAGES.filter((p) => !ADMIN_SCREENS.some((s) => s.href === p))).toEqual([]);
});

for (const size of Object.keys(SIZES) as Size[]) {
  test.describe(`walk at ${SIZES[size].width} × ${SIZES[size].height}`, () => {
    let context: BrowserContext;
    let page: Page;
    test.beforeEach(async ({ browser }) => {
      context = await newContext(browser, size);
      page = await context.newPage();
    });
    test.afterEach(async () => {
      await context.close();
    });

    test("the app's public pages", async () => {
      for (const route of PUBLIC_PAGES) {
        await page.goto(route);
        await checkPage(page, `${route} (${size})`, `${slug(route)}-${size}`);
      }
    });

    test("the console, signed out and then every screen signed in", async () => {
      // Every screen is loaded, axe-checked and shot: the time grows with the screens (ten now).
      test.setTimeout(180_000);
      await page.goto("/admin");
      await expect(page.getByTestId("admin-login-form")).toBeVisible();
      await checkPage(page, `/admin sign-in (${size})`, `admin-login-${size}`);
      await page.getByTestId("admin-token-input").fill(E2E.adminToken);
      await page.getByTestId("admin-login").click();
      await expect(page.getByTestId("admin-login-form")).toBeHidden();
      for (const route of CONSOLE_PAGES) {
        await page.goto(route);
        await expect(page.getByTestId("admin-nav")).toBeVisible();
        await checkNavigation(page, route);
        await checkPage(page, `${route} (${size})`, `${slug(route)}-${size}`);
      }
    });

    test("the simulator's pages", async () => {
      for (const { name, url } of SIMULATOR_PAGES) {
        await page.goto(url());
        await checkPage(page, `${name} (${size})`, `${name}-${size}`);
      }
    });
  });
}
