/**
 * Issue 24, "What to build": the console for the person who runs the account.
 *   - 概览: today's new and lost followers, net growth, messages received, the channels that
 *     brought followers, failed sends with their Chinese explanation and rid — from the pushes
 *     the webhook records; token health is on 运维, its 立即刷新 a secondary button.
 *   - Recipients picked from 粉丝 by remark or tag (keyboard and pointer, paged), shown by name
 *     and a short openid, the customer-service window beside them.
 *   - The menu preview carries the account's name (WECHAT_ACCOUNT_NAME); a mini-program button
 *     is checked as WeChat checks it, in Chinese.
 * Other specs share the database and the simulator: figures are checked as differences.
 */
import { expect, test } from "@playwright/test";
import type { Overview } from "../lib/console/overview/service";
import { E2E, simulatorUrl } from "./e2e-env";
import { admin } from "./support/admin-fetch";
import { appCall } from "./support/app-api";
import { watchPageProblems } from "./support/browser";
import { expectAccessible, newConsolePage, shoot, signInAt } from "./support/console-page";
import { followerOpenids, pollUntil, sim } from "./support/sim-control";
import { newOpenid } from "./support/wechat-push";

const overview = async (): Promise<Overview> => (await appCall<Overview>("/api/admin/overview")).json;

/** A call to the simulated WeChat API with a stable_token (which leaves the app's own token valid). */
async function wechat<T = Record<string, unknown>>(apiPath: string, body: unknown): Promise<T> {
  const tokenRes = await fetch(`${simulatorUrl}/cgi-bin/stable_token`, {
    method: "POST",
    body: JSON.stringify({ grant_type: "client_credential", appid: E2E.appId, secret: E2E.appSecret }),
  });
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const res = await fetch(`${simulatorUrl}/cgi-bin/${apiPath}?access_token=${access_token}`, { method: "POST", body: JSON.stringify(body) });
  return (await res.json()) as T;
}

/** Runs the follower sync to its end (a finished job is started again), so the pickers see WeChat's current remarks and tags. */
async function syncFollowers(): Promise<void> {
  const started = await appCall<{ job: { id: string; status: string } }>("/api/admin/followers/sync", { method: "POST" });
  expect(started.status, started.text).toBe(202);
  const done = await pollUntil(
    async () => (await appCall<{ job: { id: string; status: string } }>("/api/admin/followers/sync")).json.job,
    (job) => job.status === "done" || job.status === "failed",
    30_000,
  );
  expect(done.status).toBe("done");
}

test("概览: today's follows, unfollows, messages, the channel that brought them, a refused message explained; token health on 运维", async ({ browser }) => {
  const before = await overview();
  const run = Date.now().toString(36);
  // A channel code with a name, and a follower who comes through it.
  const code = await appCall<{ id: string; ticket: string }>("/api/admin/qrcodes", { method: "POST", body: { scene: `ov-${run}`, permanent: true } });
  expect(code.status, code.text).toBe(201);
  expect((await admin("PATCH", `/api/admin/qrcodes/${code.json.id}`, { name: `地铁海报 ${run}` })).status).toBe(200);
  const [viaCode, plain, leaving] = [newOpenid(), newOpenid(), newOpenid()];
  for (const message of [
    { type: "subscribe" as const, from: viaCode, qrScene: `ov-${run}`, ticket: code.json.ticket },
    { type: "subscribe" as const, from: plain },
    { type: "unsubscribe" as const, from: leaving },
    { type: "text" as const, from: viaCode, content: "你好" },
    { type: "text" as const, from: plain, content: "在吗" },
  ]) {
    expect((await sim.push({ mode: "safe", message })).delivered).toBe(true);
  }
  // A customer-service message to someone who never wrote: WeChat refuses it (45015).
  const silent = (await sim.users()).filter((u) => u.subscribe === 1 && !u.inServiceWindow).at(-7)!.openid;
  expect((await appCall("/api/admin/messages", { method: "POST", body: { openid: silent, content: "迟到的回复" } })).status).toBe(502);

  // The recorder writes in a batch a moment after the replies.
  const after = await pollUntil(overview, (o) => o.today.subscribe >= before.today.subscribe + 2 && o.today.message >= before.today.message + 2, 10_000);
  expect(after.today.subscribe - before.today.subscribe).toBe(2);
  expect(after.today.unsubscribe - before.today.unsubscribe).toBe(1);
  expect(after.today.net - before.today.net).toBe(1);
  expect(after.today.message - before.today.message).toBe(2);
  expect(after.weekTotals.subscribe - before.weekTotals.subscribe).toBe(2);
  expect(after.channels.today.find((c) => c.scene === `ov-${run}`)).toMatchObject({ name: `地铁海报 ${run}`, subscribes: 1 });
  expect(after.failedSends.customerService.today - before.failedSends.customerService.today).toBe(1);

  for (const size of ["phone", "desktop"] as const) {
    const page = await newConsolePage(browser, size);
    const problems = watchPageProblems(page);
    await signInAt(page, "/admin");
    const shown = await overview();
    await expect(page.getByTestId("overview-new")).toHaveText(String(shown.today.subscribe));
    await expect(page.getByTestId("overview-lost")).toHaveText(String(shown.today.unsubscribe));
    await expect(page.getByTestId("overview-net")).toHaveText(shown.today.net > 0 ? `+${shown.today.net}` : String(shown.today.net));
    await expect(page.getByTestId("overview-messages")).toHaveText(String(shown.today.message));
    await expect(page.getByTestId("overview-week").locator("tbody tr")).toHaveCount(7);
    const channel = page.locator(`[data-testid=overview-channel][data-scene="ov-${run}"]`);
    await expect(channel).toContainText(`地铁海报 ${run}`);
    await expect(channel).toContainText("新关注 1");
    // The refusal, in the operator's words, with its rid for WeChat's support.
    const refused = page.getByTestId("failed-cs-item").filter({ hasText: "互动窗口已过期" }).first();
    await expect(refused).toBeVisible();
    await expect(refused).toContainText("rid：");
    // Token health is no longer the overview's business.
    await expect(page.getByTestId("btn-refresh")).toHaveCount(0);
    await expect(page.getByTestId("health-access_token")).toHaveCount(0);
    await expectAccessible(page, `/admin overview (${size})`);
    await shoot(page, `admin-overview-figures-${size}`);

    await page.goto("/admin/ops");
    await expect(page.getByTestId("health-access_token")).toHaveAttribute("data-present", "true");
    await expect(page.getByTestId("health-jsapi_ticket")).toBeVisible();
    const refresh = page.getByTestId("btn-refresh");
    await expect(refresh).toBeVisible();
    await expect(refresh).not.toHaveClass(/btn-primary/); // a secondary action
    await expectAccessible(page, `/admin/ops with token health (${size})`);
    expect(problems.errors).toEqual([]);
    await page.context().close();
  }
});

test("the recipient is picked from 粉丝 by remark or tag, with the keyboard or a tap, never typed as an openid", async ({ browser }) => {
  const run = Date.now().toString(36);
  const followers = await followerOpenids();
  const [byRemark, byTag] = [followers[12]!, followers[13]!];
  const remark = `王老板${run}`;
  expect(await wechat("user/info/updateremark", { openid: byRemark, remark })).toMatchObject({ errcode: 0 });
  const tagName = `门店会员${run}`;
  const tag = await wechat<{ tag: { id: number } }>("tags/create", { tag: { name: tagName } });
  await syncFollowers();
  expect((await appCall("/api/admin/followers/tags", { method: "POST", body: { tagId: tag.tag.id, openids: [byTag], action: "tag" } })).status).toBe(200);

  // The search API: by remark, by tag name, paged; bad input is a 400.
  const found = await appCall<{ items: Array<{ openid: string; name: string | null; tags: string[] }>; total: number; nextOffset: number | null }>(
    `/api/admin/followers/search?q=${encodeURIComponent(remark)}`,
  );
  expect(found.json.items).toEqual([expect.objectContaining({ openid: byRemark, name: remark })]);
  const tagged = await appCall<{ items: Array<{ openid: string; tags: string[] }> }>(`/api/admin/followers/search?q=${encodeURIComponent(tagName)}`);
  expect(tagged.json.items).toEqual([expect.objectContaining({ openid: byTag, tags: [tagName] })]);
  const first = await appCall<{ items: unknown[]; total: number; nextOffset: number | null }>("/api/admin/followers/search?limit=10");
  expect(first.json.items).toHaveLength(10);
  expect(first.json.nextOffset).toBe(10);
  expect((await appCall("/api/admin/followers/search?limit=500")).status).toBe(400);

  // Customer service on a phone: type the remark, choose with the keyboard.
  const page = await newConsolePage(browser, "phone");
  const problems = watchPageProblems(page);
  await signInAt(page, "/admin");
  const input = page.getByTestId("cs-openid");
  await input.fill(remark);
  const options = page.getByTestId("cs-openid-options");
  await expect(options.getByTestId("follower-option")).toHaveCount(1);
  await expect(input).toHaveAttribute("aria-expanded", "true");
  await input.press("ArrowDown");
  await expect(input).toHaveAttribute("aria-activedescendant", /opt-0$/);
  await input.press("Enter");
  const chosen = page.getByTestId("cs-openid-chosen");
  await expect(chosen).toContainText(remark);
  await expect(chosen).toContainText(`${byRemark.slice(0, 6)}…${byRemark.slice(-4)}`);
  await expect(page.getByTestId("cs-window")).toBeVisible(); // their live window, as before
  await expectAccessible(page, "/admin with a recipient chosen");
  await shoot(page, "admin-cs-picker-phone");

  // 更换, then by tag name with a tap; the suggestions page on with 加载更多.
  await chosen.getByRole("button", { name: "更换" }).click();
  await expect(options.getByTestId("follower-option")).toHaveCount(10);
  await options.getByTestId("follower-more").click();
  await expect(options.getByTestId("follower-option")).toHaveCount(20);
  await input.fill(tagName);
  await expect(options.getByTestId("follower-option")).toHaveCount(1);
  await expectAccessible(page, "/admin with the recipient suggestions open");
  await options.getByTestId("follower-option").click();
  await expect(chosen).toContainText(tagName);
  expect(problems.errors).toEqual([]);
  await page.context().close();

  // The template send's recipient on a desktop, the same way.
  const desk = await newConsolePage(browser, "desktop");
  await signInAt(desk, "/admin/notifications");
  const touser = desk.getByTestId("template-touser");
  await touser.fill(remark);
  await desk.getByTestId("template-touser-options").getByTestId("follower-option").click();
  await expect(desk.getByTestId("template-touser-chosen")).toContainText(remark);
  await expectAccessible(desk, "/admin/notifications with a recipient chosen");
  await shoot(desk, "admin-template-picker-desktop");
  await desk.context().close();
});

test("the menu preview shows the account's name; a mini-program button is checked as WeChat does, in Chinese", async ({ browser }) => {
  // A live menu of one button and no draft: the editor opens on it.
  expect((await admin("DELETE", "/api/admin/menu/draft")).status).toBe(200);
  expect((await admin("PUT", "/api/admin/menu", { button: [{ type: "click", name: "今日推荐", key: "OV_TODAY" }] })).status).toBe(200);
  const page = await newConsolePage(browser, "phone");
  await signInAt(page, "/admin/menu");
  await expect(page.getByTestId("menu-tree")).toBeVisible();
  // WeChat shows the account's name at the top of the chat; so does the preview.
  await expect(page.getByTestId("preview-account-name")).toHaveText(E2E.accountName);
  await page.getByTestId("menu-preview").locator('[data-path="button[0]"]').click();
  await page.getByTestId("field-kind").selectOption("miniprogram");
  await expect(page.getByTestId("miniprogram-note")).toContainText("关联");
  await page.getByTestId("field-appid").fill("wx1234");
  await page.getByTestId("field-pagepath").fill("pages/index/index");
  await page.getByTestId("field-url").fill("ftp://example.com");
  const errors = page.getByTestId("button-form").getByTestId("field-error");
  // One problem at a time, as WeChat answers: the AppID first, then the fallback page.
  await expect(errors.filter({ hasText: "wx 加 16 位" })).toHaveCount(1);
  await page.getByTestId("field-appid").fill("wx286b93c14bbf93aa");
  await expect(errors.filter({ hasText: "http:// 或 https://" })).toHaveCount(1);
  await page.getByTestId("field-url").fill("https://example.com/fallback");
  await expect(errors).toHaveCount(0);
  await expectAccessible(page, "/admin/menu with a mini-program button");
  await shoot(page, "admin-menu-miniprogram-phone");
  // The server refuses the same AppID the same way (400 naming the field), without calling WeChat.
  const refused = await admin("PUT", "/api/admin/menu", {
    button: [{ type: "miniprogram", name: "小程序", appid: "wx1234", pagepath: "pages/index/index", url: "https://example.com" }],
  });
  expect(refused.status).toBe(400);
  expect(refused.json).toMatchObject({ error: "invalid_menu", path: "button[0].appid" });
  await page.context().close();
});
