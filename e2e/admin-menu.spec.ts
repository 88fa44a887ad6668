/**
 * The console's menu editor (issue 15, screen 1), as an operator uses it: sign in at
 * /admin/menu, build a two-level menu in the tree (add, rename, type, reorder, delete), see
 * the limits refused inline, try it in the phone preview, read the diff against the live
 * menu, publish and read back, add and delete a conditional menu for a tag — on a phone and
 * on a desktop, with axe-core (WCAG 2 A/AA) and screenshots. Then the published menu in the
 * simulator's chat: a tap pushes its event to the app. Last, the routes' contract: 401
 * without admin, 400 with the contract's shapes and no WeChat call.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { devices, expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { appUrl, E2E, simulatorUrl } from "./e2e-env";
import { admin } from "./support/admin-fetch";
import { expectCleanError } from "./support/app-api";
import { watchPageProblems } from "./support/browser";
import { pollUntil, sim } from "./support/sim-control";

const SCREENSHOT_DIR = process.env.E2E_SCREENSHOT_DIR || path.join("test-results", "screenshots");

const EXPECTED = {
  button: [
    { type: "click", name: "今日推荐", key: "E2E_TODAY" },
    {
      name: "更多",
      sub_button: [
        { type: "view", name: "官网", url: "https://example.com/" },
        { type: "pic_weixin", name: "发图", key: "E2E_PIC" },
      ],
    },
  ],
};

async function expectAccessible(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), `axe on ${what}`).toEqual([]);
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

async function newPage(browser: Browser, size: "phone" | "desktop"): Promise<Page> {
  const { defaultBrowserType: _ignored, ...pixel7 } = devices["Pixel 7"];
  const options = size === "phone" ? { ...pixel7, deviceScaleFactor: 1 } : { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false };
  const context = await browser.newContext({ ...options, baseURL: appUrl() });
  return context.newPage();
}

/** The page at `width` × its height scrolls only up and down (issue 24: nothing sideways at 360 px). */
async function expectNoSideScroll(page: Page, width: 360 | 1280): Promise<void> {
  await page.setViewportSize({ width, height: width === 360 ? 740 : 800 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), { message: `horizontal scroll at ${width} px` }).toBeLessThanOrEqual(width);
}

/** The tree row of the button at a validator path. */
const row = (page: Page, p: string): Locator => page.locator(`[data-testid="tree-item"][data-path="${p}"]`);
const form = (page: Page): Locator => page.getByTestId("button-form");
const field = (page: Page, name: string): Locator => form(page).getByTestId(`field-${name}`);
const treeNames = (page: Page): Promise<string[]> => page.getByTestId("tree-item").allTextContents();

async function edit(page: Page, at: string, values: { kind?: string; name?: string; key?: string; url?: string }): Promise<void> {
  await row(page, at).click();
  if (values.kind) await field(page, "kind").selectOption(values.kind);
  if (values.name !== undefined) await field(page, "name").fill(values.name);
  if (values.key !== undefined) await field(page, "key").fill(values.key);
  if (values.url !== undefined) await field(page, "url").fill(values.url);
}

/** Builds EXPECTED from an empty account, meeting each limit on the way. */
async function buildMenu(page: Page): Promise<void> {
  const publish = page.getByTestId("menu-publish");
  // No live menu: the draft starts with one blank button, which cannot be published yet —
  // but nothing is shown in red before the operator has typed anything.
  await expect(page.getByTestId("diff-added")).toHaveCount(1);
  await expect(publish).toBeDisabled();
  await expect(form(page).getByTestId("field-error")).toHaveCount(0);
  await expect(page.getByTestId("menu-problems")).toHaveCount(0);
  await expect(page.getByTestId("menu-tree").locator('[aria-label="（有错误）"]')).toHaveCount(0);
  await field(page, "name").fill("今日");
  await expect(form(page).getByTestId("field-error")).toHaveText("请填写菜单 KEY（点击后随事件推送给服务器）。");

  await edit(page, "button[0]", { name: "一二三四五六", key: "E2E_TODAY" });
  await expect(form(page).getByTestId("field-error")).toHaveText("名称过长：一级菜单最多 5 个汉字或 16 个字母，请删去约 1 个汉字。");
  await expect(form(page)).toContainText("超出了，请删去约 1 个汉字"); // the counter, in characters too
  await expect(field(page, "name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("menu-problems")).toContainText("第 1 个菜单 · 名称");
  await expect(publish).toBeDisabled();
  await field(page, "name").fill("今日推荐");
  await expect(form(page).getByTestId("field-error")).toHaveCount(0);

  // A second button becomes a parent: its action moves into its first sub-button.
  await page.getByTestId("add-top").click();
  await edit(page, "button[1]", { kind: "sub", name: "更多" });
  await edit(page, "button[1].sub_button[0]", { kind: "view", name: "官网", url: "javascript:alert(1)" });
  await expect(form(page).getByTestId("field-error")).toHaveText("网页链接需以 http:// 或 https:// 开头。");
  await field(page, "url").fill("https://example.com/");
  await page.getByTestId("add-sub").click();
  await edit(page, "button[1].sub_button[1]", { kind: "pic_weixin", name: "发图", key: "E2E_PIC" });

  // Reorder with the buttons (keyboard and touch), and delete.
  await page.getByRole("button", { name: "上移“发图”" }).click();
  expect(await treeNames(page)).toEqual(["今日推荐", "更多", "发图", "官网"]);
  await page.getByRole("button", { name: "下移“发图”" }).focus();
  await page.keyboard.press("Enter");
  expect(await treeNames(page)).toEqual(["今日推荐", "更多", "官网", "发图"]);
  // Focus follows the moved button: at the bottom now, so onto its "move up".
  await expect(page.getByRole("button", { name: "上移“发图”" })).toBeFocused();
  await page.getByTestId("add-top").click();
  await expect(page.getByTestId("add-top")).toBeDisabled(); // three is the limit
  await page.getByRole("button", { name: "删除“菜单”" }).click();
  expect(await treeNames(page)).toEqual(["今日推荐", "更多", "官网", "发图"]);
  await expect(publish).toBeEnabled();
}

for (const size of ["phone", "desktop"] as const) {
  test(`operator builds, previews, publishes and reads back the menu, then a conditional menu (${size})`, async ({ browser }) => {
    expect((await admin("DELETE", "/api/admin/menu")).status).toBe(200);
    expect((await admin("DELETE", "/api/admin/menu/draft")).status).toBe(200);
    const page = await newPage(browser, size);
    const problems = watchPageProblems(page);

    await page.goto("/admin/menu");
    await expectAccessible(page, "/admin/menu (sign-in)");
    await page.getByTestId("admin-token-input").fill(E2E.adminToken);
    await page.getByTestId("admin-login").click();
    await expect(page.getByTestId("menu-tree")).toBeVisible();

    await buildMenu(page);
    await expect(page.getByTestId("diff-added")).toHaveText(["新增今日推荐", "新增更多"]);

    // The preview: the parent opens its sub-buttons; a tap says what it does and selects it.
    const preview = page.getByTestId("menu-preview");
    await preview.locator('[data-path="button[1]"]').click();
    await expect(preview.getByTestId("preview-popup").getByRole("button")).toHaveText(["官网", "发图"]);
    await preview.locator('[data-path="button[1].sub_button[0]"]').click();
    await expect(page.getByTestId("preview-effect")).toHaveText("“官网”：打开网页 https://example.com/");
    await expect(field(page, "url")).toHaveValue("https://example.com/");
    // Rename in place on the phone: the tree and the form follow.
    await preview.locator('[data-path="button[0]"]').click();
    await preview.getByTestId("preview-rename").fill("今日必看");
    await expect(row(page, "button[0]")).toContainText("今日必看");
    await expect(field(page, "name")).toHaveValue("今日必看");
    await preview.getByTestId("preview-rename").fill("今日推荐");
    await expect(row(page, "button[0]")).toContainText("今日推荐");
    await preview.locator('[data-path="button[1]"]').click();
    await expectAccessible(page, "/admin/menu editor");
    await shoot(page, `admin-menu-${size}`);
    await expectNoSideScroll(page, size === "phone" ? 360 : 1280);
    if (size === "phone") await shoot(page, "admin-menu-360");

    await page.getByTestId("menu-publish").click();
    await expect(page.getByTestId("menu-status")).toHaveText("菜单已发布，已从微信读回确认。");
    await expect(page.getByTestId("diff-none")).toBeVisible();
    expect((await admin("GET", "/api/admin/menu")).json).toEqual({ menu: EXPECTED, conditional: [] });

    // An edit shows as a change against the live menu, and "已发布" no longer stands above it;
    // discarding it restores the live menu.
    await edit(page, "button[1].sub_button[0]", { url: "https://example.org/" });
    await expect(page.getByTestId("menu-status")).toHaveText("");
    await expect(page.getByTestId("diff-changed")).toHaveText(["修改更多 › 官网网页链接：https://example.com/ → https://example.org/"]);
    await page.getByTestId("menu-revert").click();
    await expect(page.getByTestId("diff-none")).toBeVisible();

    // A rename is one 修改, not 删除 + 新增.
    await edit(page, "button[1].sub_button[0]", { name: "主页" });
    await expect(page.getByTestId("diff-changed")).toHaveText(["修改更多 › 主页名称：官网 → 主页"]);
    await expect(page.getByTestId("diff-removed")).toHaveCount(0);
    await expect(page.getByTestId("diff-added")).toHaveCount(0);

    // The draft is saved on the server as it is typed, and survives a reload.
    await expect(page.getByTestId("menu-autosave")).toContainText("草稿已自动保存");
    expect(((await admin("GET", "/api/admin/menu/draft")).json as { draft: { menu: unknown } | null }).draft?.menu).toMatchObject({
      button: [{ name: "今日推荐" }, { name: "更多", sub_button: [{ name: "主页" }, { name: "发图" }] }],
    });
    await page.reload();
    await expect(page.getByTestId("menu-restored")).toContainText("尚未发布的草稿");
    expect(await treeNames(page)).toEqual(["今日推荐", "更多", "主页", "发图"]);
    await expect(page.getByTestId("diff-changed")).toHaveText(["修改更多 › 主页名称：官网 → 主页"]);

    // Leaving while an edit is not yet saved (the save held up on a slow network): the browser asks.
    await page.route("**/api/admin/menu/draft", async (route) => {
      if (route.request().method() === "PUT") await new Promise((r) => setTimeout(r, 3_000));
      await route.fallback();
    });
    await edit(page, "button[0]", { name: "今日精选" });
    await expect(page.getByTestId("menu-autosave")).toHaveText(/尚未保存|正在保存/);
    expect(await page.evaluate(() => {
      const event = new Event("beforeunload", { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    })).toBe(true);
    await page.unroute("**/api/admin/menu/draft");
    await expect(page.getByTestId("menu-autosave")).toContainText("草稿已自动保存", { timeout: 10_000 });

    // Back to the live menu: the stored draft goes too.
    await page.getByTestId("menu-revert").click();
    await expect(page.getByTestId("diff-none")).toBeVisible();
    await expect.poll(async () => ((await admin("GET", "/api/admin/menu/draft")).json as { draft: unknown }).draft).toBeNull();

    // Someone changes the live menu elsewhere: 载入线上菜单 really puts it in the editor.
    const elsewhere = structuredClone(EXPECTED);
    elsewhere.button[0] = { type: "click", name: "今日推荐", key: "E2E_OTHER" };
    expect((await admin("PUT", "/api/admin/menu", elsewhere)).status).toBe(200);
    await page.getByTestId("menu-read").click();
    await expect(page.getByTestId("menu-status")).toHaveText("已载入线上菜单，可在此基础上修改。");
    await expect(page.getByTestId("diff-none")).toBeVisible();
    await row(page, "button[0]").click();
    await expect(field(page, "key")).toHaveValue("E2E_OTHER");
    await field(page, "key").fill("E2E_TODAY");
    await expect(page.getByTestId("diff-changed")).toHaveText(["修改今日推荐菜单 KEY：E2E_OTHER → E2E_TODAY"]);
    await page.getByTestId("menu-publish").click();
    await expect(page.getByTestId("diff-none")).toBeVisible();
    expect((await admin("GET", "/api/admin/menu")).json).toEqual({ menu: EXPECTED, conditional: [] });

    // A conditional menu for 星标组 (tag 2), listed after WeChat confirms it, then deleted.
    const conditional = page.getByTestId("conditional-menus");
    await conditional.getByTestId("conditional-tag").selectOption("2");
    await conditional.getByTestId("conditional-add").click();
    await expect(conditional.getByTestId("conditional-status")).toHaveText("个性化菜单已添加，已从微信读回确认。");
    await expect(conditional.getByTestId("conditional-item")).toHaveCount(1);
    await expect(conditional.getByTestId("conditional-item")).toContainText("星标组");
    await expect(conditional.getByTestId("conditional-item")).not.toContainText("（2）"); // tags by name, not number
    const live = (await admin("GET", "/api/admin/menu")).json as { conditional: Array<{ matchrule: Record<string, string> }> };
    expect(live.conditional.map((c) => c.matchrule)).toEqual([{ tag_id: "2" }]);
    await expectAccessible(page, "/admin/menu with a conditional menu");
    await shoot(page, `admin-menu-conditional-${size}`);
    await conditional.getByRole("button", { name: /^删除“星标组”/ }).click();
    await conditional.getByRole("button", { name: "确认删除" }).click();
    await expect(conditional.getByTestId("conditional-item")).toHaveCount(0);
    expect(((await admin("GET", "/api/admin/menu")).json as { conditional: unknown[] }).conditional).toEqual([]);

    // A media_id is picked from 素材库, never typed.
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
    const upload = new FormData();
    upload.append("type", "image");
    upload.append("permanent", "1");
    const imageName = `menu-pick-${size}-${Date.now()}.png`;
    upload.append("file", new Blob([png], { type: "image/png" }), imageName);
    const uploaded = await admin("POST", "/api/admin/media", upload);
    expect(uploaded.status).toBe(201);
    await edit(page, "button[0]", { kind: "media_id" });
    await form(page).getByTestId("pick-media").click();
    await form(page).getByTestId("picker-media").getByTestId("picker-choice").filter({ hasText: imageName }).click();
    await expect(field(page, "media_id")).toHaveValue(uploaded.json.mediaId as string);
    await expect(form(page).getByTestId("picker-media")).toHaveCount(0);
    expect((await admin("DELETE", `/api/admin/media/${uploaded.json.mediaId as string}`)).status).toBe(200);

    expect(problems.errors, "page errors / console errors").toEqual([]);
    await page.context().close();
  });
}

test("the published menu in the simulator's chat: a tap pushes its event to the app", async ({ page }) => {
  expect((await admin("PUT", "/api/admin/menu", EXPECTED)).status).toBe(200);
  const before = (await sim.state()) as unknown as { pushes: number };
  await page.goto(`${simulatorUrl}/`);
  const bar = page.getByTestId("menu-bar");
  await expect(bar.getByTestId("menu-button")).toHaveCount(4);
  await bar.locator('[data-path="button[0]"]').click();
  await expect(page.getByTestId("push-status")).toContainText("已送达：CLICK");
  await bar.locator('[data-path="button[1]"]').click();
  await bar.locator('[data-path="button[1].sub_button[1]"]').click();
  await expect(page.getByTestId("push-status")).toContainText("已送达：pic_weixin");

  // The simulator's push log holds both events, delivered to the app's webhook.
  const res = await pollUntil(
    async () => (await (await fetch(`${simulatorUrl}/__sim/pushes`)).json()) as { pushes: Array<{ requestXml: string; delivered: boolean }> },
    (r) => r.pushes.length >= before.pushes + 2,
    5000,
  );
  const events = res.pushes.slice(before.pushes);
  expect(events.every((e) => e.delivered)).toBe(true);
  expect(events[0]?.requestXml).toContain("<EventKey><![CDATA[E2E_TODAY]]></EventKey>");
  expect(events[1]?.requestXml).toContain("<Event><![CDATA[pic_weixin]]></Event>");
  expect(events[1]?.requestXml).toContain("<EventKey><![CDATA[E2E_PIC]]></EventKey>");
});

/** A call with no credentials at all (not counted against the address like a wrong token). */
async function anonymous(method: string, p: string, body?: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`${appUrl()}${p}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

test("menu routes: 401 without admin; 400 in the contract's shapes before any WeChat call; conditional add/delete", async () => {
  const routes: Array<[string, string, unknown?]> = [
    ["GET", "/api/admin/menu"],
    ["PUT", "/api/admin/menu", EXPECTED],
    ["DELETE", "/api/admin/menu"],
    ["POST", "/api/admin/menu/conditional", { ...EXPECTED, matchrule: { tag_id: "2" } }],
    ["DELETE", "/api/admin/menu/conditional/1"],
    ["GET", "/api/admin/menu/tags"],
  ];
  const lastId = (await sim.apiLog()).at(-1)?.id ?? 0;
  for (const [method, p, body] of routes) {
    const answer = await anonymous(method, p, body);
    expect(answer.status, `${method} ${p}`).toBe(401);
    expect(JSON.parse(answer.text)).toEqual({ error: "unauthorized" });
  }

  const bad = { button: [{ name: "更多", sub_button: [{ type: "view", name: "官网", url: "ftp://x" }] }] };
  const put = await admin("PUT", "/api/admin/menu", bad);
  expect(put.status).toBe(400);
  expect(put.json).toEqual({ error: "invalid_menu", path: "button[0].sub_button[0].url", message: expect.stringContaining("http or https") });
  expectCleanError(put.text);
  expect((await admin("PUT", "/api/admin/menu", { button: [] })).json).toMatchObject({ error: "invalid_menu", path: "button" });
  const notJson = await fetch(`${appUrl()}/api/admin/menu`, { method: "PUT", headers: { authorization: `Bearer ${E2E.adminToken}`, "content-type": "application/json" }, body: "{" });
  expect(notJson.status).toBe(400);
  expect(await notJson.json()).toEqual({ error: "invalid_json" });

  const condBad = await admin("POST", "/api/admin/menu/conditional", { ...bad, matchrule: { tag_id: "2" } });
  expect(condBad.json).toMatchObject({ error: "invalid_menu", path: "button[0].sub_button[0].url" });
  const noTag = await admin("POST", "/api/admin/menu/conditional", { ...EXPECTED, matchrule: {} });
  expect(noTag.status).toBe(400);
  expect(noTag.json).toMatchObject({ error: "invalid_matchrule", path: "matchrule.tag_id" });
  expect((await admin("POST", "/api/admin/menu/conditional", { ...EXPECTED, matchrule: { tag_id: "2; drop" } })).status).toBe(400);
  const badId = await admin("DELETE", "/api/admin/menu/conditional/abc");
  expect(badId.status).toBe(400);
  expect(badId.json).toMatchObject({ error: "invalid_menuid" });
  const menuCalls = (await sim.apiLog(lastId)).filter((e) => e.endpoint.startsWith("cgi-bin/menu/"));
  expect(menuCalls, "refused requests never reach WeChat").toEqual([]);

  // WeChat's own rules come back as its errcode: no conditional menu without a default menu.
  expect((await admin("DELETE", "/api/admin/menu")).status).toBe(200);
  const orphan = await admin("POST", "/api/admin/menu/conditional", { ...EXPECTED, matchrule: { tag_id: "2" } });
  expect(orphan.status).toBe(502);
  expect(orphan.json).toMatchObject({ error: "wechat_error", errcode: 65303 });

  expect((await admin("PUT", "/api/admin/menu", EXPECTED)).status).toBe(200);
  const added = await admin("POST", "/api/admin/menu/conditional", { button: [EXPECTED.button[0]], matchrule: { tag_id: 2 } });
  expect(added.status).toBe(201);
  const menuid = String(added.json.menuid);
  expect(menuid).toMatch(/^\d+$/);
  const read = (await admin("GET", "/api/admin/menu")).json as { conditional: Array<{ menuid: number; matchrule: unknown; button: unknown }> };
  expect(read.conditional).toEqual([{ menuid: Number(menuid), matchrule: { tag_id: "2" }, button: [EXPECTED.button[0]] }]);
  expect((await admin("DELETE", `/api/admin/menu/conditional/${menuid}`)).json).toEqual({ ok: true });
  const gone = await admin("DELETE", `/api/admin/menu/conditional/${menuid}`);
  expect(gone.status).toBe(502);
  expect(gone.json).toMatchObject({ errcode: 65301 });

  const tags = await admin("GET", "/api/admin/menu/tags");
  expect(tags.status).toBe(200);
  expect(tags.json.tags).toEqual(expect.arrayContaining([expect.objectContaining({ id: 2, name: "星标组" })]));
  await admin("DELETE", "/api/admin/menu");
});
