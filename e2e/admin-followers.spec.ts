/**
 * The console's Followers screen (issue 15, screen 5), as an operator uses it: sign in at
 * /admin/followers, start the sync, watch the progress bar reach the end, browse the list and
 * filter it by tag — on a phone and on a desktop, with axe-core (WCAG 2 A/AA) and screenshots.
 * Then the job's promise: an app killed mid-sync is resumed by the next status check of
 * another instance, and a second start joins the running job instead of starting another.
 * And tagging: the operator tags three followers, filters the list by that tag (by its name),
 * sees them, untags one — WeChat (the simulator) and the stored list agree afterwards.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { appEnv, appUrl, E2E, e2eDatabaseUrl, simulatorUrl } from "./e2e-env";
import { appCall, expectCleanError } from "./support/app-api";
import { expectAccessible } from "./support/axe";
import { watchPageProblems } from "./support/browser";
import { pollUntil, sim } from "./support/sim-control";

const SCREENSHOT_DIR = process.env.E2E_SCREENSHOT_DIR || path.join("test-results", "screenshots");
const SEEDED_FOLLOWERS = 250; // the simulator's default seed
const TAGGED_2 = 25; // every tenth seeded follower carries tag 2
const BATCHGET = "cgi-bin/user/info/batchget";

interface SyncJob {
  id: string | null;
  status: string;
  done: number;
  total: number;
  error?: string;
}

const VIEWPORTS = {
  phone: null, // the project's Pixel 7
  desktop: { width: 1280, height: 800 },
} as const;

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

async function newPage(browser: Browser, size: keyof typeof VIEWPORTS): Promise<Page> {
  const viewport = VIEWPORTS[size];
  const context = await browser.newContext(viewport ? { viewport, deviceScaleFactor: 1, isMobile: false, hasTouch: false } : {});
  return context.newPage();
}

test.beforeAll(async () => {
  await sim.reset();
  await sim.config({ pageSize: 100 }); // three user/get pages for the 250 followers
});

test.afterEach(async () => {
  await sim.clearFaults();
});

for (const size of ["phone", "desktop"] as const) {
  test(`operator syncs the followers and filters them by tag (${size})`, async ({ browser }) => {
    const page = await newPage(browser, size);
    const problems = watchPageProblems(page);

    await page.goto("/admin/followers");
    await expectAccessible(page, "/admin/followers (sign-in)");
    await page.getByTestId("admin-token-input").fill(E2E.adminToken);
    await page.getByTestId("admin-login").click();
    await expect(page.getByTestId("admin-followers")).toBeVisible();
    await expect(page.getByTestId("admin-nav").getByRole("link", { name: "粉丝" })).toHaveAttribute("aria-current", "page");
    await expectAccessible(page, "/admin/followers");

    // The overview is one tab away and keeps the token health.
    await page.getByTestId("admin-nav").getByRole("link", { name: "概览" }).click();
    await expect(page.getByTestId("admin-dashboard")).toBeVisible();
    await expectAccessible(page, "/admin");
    await shoot(page, `admin-overview-${size}`);
    await page.getByTestId("admin-nav").getByRole("link", { name: "粉丝" }).click();
    await expect(page.getByTestId("admin-followers")).toBeVisible();

    const batchBefore = (await sim.state()).calls[BATCHGET] ?? 0;
    // Slow WeChat down a little so that the progress bar is seen moving.
    await sim.addFault({ endpoint: BATCHGET, delayMs: 600 });
    await page.getByTestId("sync-start").click();
    await expect(page.getByTestId("follower-sync")).toHaveAttribute("data-status", "running");
    await expect(page.getByTestId("sync-start")).toBeDisabled();
    await expect(page.getByTestId("sync-progress")).toBeVisible();
    // Part-way: some followers stored, not all (the bar moves as chunks are saved).
    await expect(page.getByTestId("sync-count")).toHaveText(/^[1-9]\d* \/ 250（\d+%）$/, { timeout: 15_000 });
    await shoot(page, `admin-followers-syncing-${size}`);

    await expect(page.getByTestId("follower-sync")).toHaveAttribute("data-status", "done", { timeout: 30_000 });
    await expect(page.getByTestId("sync-count")).toContainText(`${SEEDED_FOLLOWERS} / ${SEEDED_FOLLOWERS}`);
    // batchget in chunks of 100: 100 + 100 + 50, one per page of 100 openids → 3 calls.
    expect(((await sim.state()).calls[BATCHGET] ?? 0) - batchBefore).toBe(3);

    // The list reloads when the job ends: 20 per page.
    await expect(page.getByTestId("follower-total")).toContainText(`共 ${SEEDED_FOLLOWERS} 人`);
    await expect(page.getByTestId("follower-row")).toHaveCount(20);
    await expect(page.getByTestId("page-info")).toContainText("第 1 / 13 页");
    await page.getByTestId("page-next").click();
    await expect(page.getByTestId("page-info")).toContainText("第 2 / 13 页");
    await expect(page.getByTestId("follower-row")).toHaveCount(20);

    await page.getByTestId("tag-filter").selectOption("2");
    await page.getByTestId("tag-filter-apply").click();
    await expect(page).toHaveURL(/\/admin\/followers\?tag=2$/);
    await expect(page.getByTestId("follower-total")).toContainText(`共 ${TAGGED_2} 人`);
    const tags = await page.getByTestId("follower-row").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-tags")));
    expect(tags).toHaveLength(20);
    for (const list of tags) expect(list?.split(",")).toContain("2");
    await expect(page.getByTestId("follower-total")).toContainText("星标组"); // the tag's name, from tags/get
    await expectAccessible(page, "/admin/followers?tag=2");
    await shoot(page, `admin-followers-${size}`);

    if (size === "phone") {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(0);
    }
    expect(problems.errors).toEqual([]);
    await page.context().close();
  });
}

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

async function signedIn(browser: Browser, size: keyof typeof VIEWPORTS): Promise<Page> {
  const page = await newPage(browser, size);
  await page.goto("/admin/followers");
  await page.getByTestId("admin-token-input").fill(E2E.adminToken);
  await page.getByTestId("admin-login").click();
  await expect(page.getByTestId("admin-followers")).toBeVisible();
  return page;
}

for (const size of ["phone", "desktop"] as const) {
  test(`operator tags three followers, filters by the tag, untags one (${size})`, async ({ browser }) => {
    // The account's own tag, made in WeChat's console (here: the simulator's API).
    const tagName = `新品活动-${size}`;
    const created = await wechat<{ tag: { id: number } }>("tags/create", { tag: { name: tagName } });
    const tagId = created.tag.id;
    const page = await signedIn(browser, size);
    const problems = watchPageProblems(page);
    await expect(page.getByTestId("follower-row").first()).toBeVisible(); // synced by the tests above

    // Select three followers of the first page, choose the tag by its name, tag them.
    const rows = page.getByTestId("follower-row");
    const chosen: string[] = [];
    for (const index of [0, 2, 4]) {
      const row = rows.nth(index);
      chosen.push((await row.getAttribute("data-openid"))!);
      await row.getByTestId("follower-select").check();
    }
    await expect(page.getByTestId("tag-bar")).toContainText("选中的 3 位粉丝");
    await page.getByTestId("tag-action-select").selectOption({ label: tagName });
    await expectAccessible(page, "/admin/followers with a selection");
    await page.getByTestId("tag-apply").click();
    await expect(page.getByTestId("tag-message")).toHaveText(`已为 3 位粉丝打上标签“${tagName}”。`);
    await expect(page.getByTestId("tag-bar")).toContainText("选中的 0 位粉丝");
    // The list reflects it at once, tag shown by name.
    for (const openid of chosen) {
      await expect(page.locator(`[data-testid=follower-row][data-openid="${openid}"]`)).toHaveAttribute("data-tags", new RegExp(`(^|,)${tagId}$`));
      await expect(page.locator(`[data-testid=follower-row][data-openid="${openid}"]`)).toContainText(tagName);
    }

    // Filter by the tag: exactly the three.
    await page.getByTestId("tag-filter").selectOption({ label: tagName });
    await page.getByTestId("tag-filter-apply").click();
    await expect(page).toHaveURL(new RegExp(`/admin/followers\\?tag=${tagId}$`));
    await expect(page.getByTestId("follower-total")).toContainText(`共 3 人（${tagName}）`);
    expect((await rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-openid")))).sort()).toEqual([...chosen].sort());
    await expectAccessible(page, `/admin/followers?tag=${tagId}`);
    await shoot(page, `admin-followers-tagged-${size}`);

    // Select-all selects the page; clearing it selects nothing.
    await page.getByTestId("select-all").check();
    for (const box of await page.getByTestId("follower-select").all()) await expect(box).toBeChecked();
    await page.getByTestId("select-all").uncheck();
    for (const box of await page.getByTestId("follower-select").all()) await expect(box).not.toBeChecked();

    // Untag one: two remain, on WeChat and in the list.
    const removed = chosen[1]!;
    await page.locator(`[data-testid=follower-row][data-openid="${removed}"]`).getByTestId("follower-select").check();
    await expect(page.getByTestId("select-all")).toHaveJSProperty("indeterminate", true);
    await page.getByTestId("tag-action-select").selectOption({ label: tagName });
    await page.getByTestId("tag-remove").click();
    await expect(page.getByTestId("tag-message")).toHaveText(`已为 1 位粉丝取消标签“${tagName}”。`);
    await expect(page.getByTestId("follower-total")).toContainText(`共 2 人（${tagName}）`);
    await expect(rows).toHaveCount(2);
    await expect(page.locator(`[data-testid=follower-row][data-openid="${removed}"]`)).toHaveCount(0);
    const onWeChat = await wechat<{ data?: { openid?: string[] } }>("user/tag/get", { tagid: tagId, next_openid: "" });
    expect((onWeChat.data?.openid ?? []).sort()).toEqual(chosen.filter((id) => id !== removed).sort());
    await shoot(page, `admin-followers-untagged-${size}`);

    if (size === "phone") {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(0);
    }
    expect(problems.errors).toEqual([]);
    await page.context().close();
  });
}

test("the tagging route names the bad field (400) and calls WeChat with nothing invalid", async () => {
  const batchBefore = (await sim.state()).calls["cgi-bin/tags/members/batchtagging"] ?? 0;
  const cases: Array<[unknown, string]> = [
    [{ openids: ["oA"], action: "tag" }, "tagId"],
    [{ tagId: 100, openids: [], action: "tag" }, "openids"],
    [{ tagId: 100, openids: ["not an openid"], action: "tag" }, "openids"],
    [{ tagId: 100, openids: ["oA"], action: "remove" }, "action"],
  ];
  for (const [body, field] of cases) {
    const res = await appCall<{ error: string; field: string }>("/api/admin/followers/tags", { method: "POST", body });
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(res.json).toMatchObject({ error: "invalid_request", field });
    expectCleanError(res.text);
  }
  const notJson = await appCall("/api/admin/followers/tags", { method: "POST", headers: { "content-type": "application/json" } });
  expect(notJson.status).toBe(400);
  expect((await sim.state()).calls["cgi-bin/tags/members/batchtagging"] ?? 0).toBe(batchBefore);
});

/**
 * Wrong tokens count against the caller's address (about 10 in 10 minutes → 429): these come
 * from an address of their own so that later specs in the same run keep their allowance.
 */
const OWN_ADDRESS = { "x-forwarded-for": "203.0.113.15" };

test("the sync and tagging routes refuse callers without admin credentials", async () => {
  const pagesBefore = (await sim.state()).calls["cgi-bin/user/get"] ?? 0;
  const taggingBefore = (await sim.state()).calls["cgi-bin/tags/members/batchtagging"] ?? 0;
  for (const method of ["GET", "POST"] as const) {
    const anonymous = await appCall("/api/admin/followers/sync", { method, auth: null });
    expect(anonymous.status, `${method} without credentials`).toBe(401);
    const wrong = await appCall("/api/admin/followers/sync", { method, auth: "Bearer not-the-admin-token", headers: OWN_ADDRESS });
    expect(wrong.status, `${method} with a wrong token`).toBe(401);
  }
  for (const auth of [null, "Bearer not-the-admin-token"]) {
    const tagging = await appCall("/api/admin/followers/tags", { method: "POST", auth, headers: OWN_ADDRESS, body: { tagId: 2, openids: ["oA"], action: "tag" } });
    expect(tagging.status, `tagging with ${auth ?? "no credentials"}`).toBe(401);
  }
  expect((await sim.state()).calls["cgi-bin/user/get"] ?? 0).toBe(pagesBefore); // nothing reached WeChat
  expect((await sim.state()).calls["cgi-bin/tags/members/batchtagging"] ?? 0).toBe(taggingBefore);
});

function startApp(port: number): ChildProcess {
  return spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    env: { ...process.env, ...appEnv(port, e2eDatabaseUrl()) },
    stdio: "ignore",
    detached: true, // its own process group: killed with everything it spawned
  });
}

async function syncCall(port: number, method: "GET" | "POST"): Promise<{ status: number; job: SyncJob }> {
  const res = await fetch(`${appUrl(port)}/api/admin/followers/sync`, { method, headers: { authorization: `Bearer ${E2E.adminToken}` } });
  return { status: res.status, job: ((await res.json()) as { job: SyncJob }).job };
}

test("a sync survives its app being killed mid-way; a second start joins it", async () => {
  test.setTimeout(120_000);
  const port = E2E.appPort + 50;
  const doomed = startApp(port);
  try {
    await pollUntil(() => fetch(`${appUrl(port)}/api/health`).then((r) => r.ok, () => false), Boolean, 30_000);
    await sim.addFault({ endpoint: BATCHGET, delayMs: 1_500 });
    const started = await syncCall(port, "POST");
    expect(started.status).toBe(202);
    expect(started.job).toMatchObject({ status: "running" });
    const midway = await pollUntil(() => syncCall(port, "GET"), ({ job }) => job.done >= 100, 20_000, 250);
    expect(midway.job.status).toBe("running");
    process.kill(-doomed.pid!, "SIGKILL"); // the runner dies without a word, its lease still held
  } finally {
    if (doomed.exitCode === null) process.kill(-doomed.pid!, "SIGKILL");
  }
  await sim.clearFaults();

  // The other instance joins the one job rather than starting a second.
  const joined = await appCall<{ job: SyncJob }>("/api/admin/followers/sync", { method: "POST" });
  expect(joined.status).toBe(202);
  const joinedJob = joined.json.job;
  expect(joinedJob.status).toBe("running");
  expect(joinedJob.done).toBeGreaterThanOrEqual(100);
  expect(joinedJob.done).toBeLessThan(SEEDED_FOLLOWERS);

  // Once the dead runner's lease expires, a status check resumes from the saved cursor.
  const finished = await pollUntil(() => syncCall(E2E.appPort, "GET"), ({ job }) => job.status !== "running", 60_000, 1_000);
  expect(finished.job).toMatchObject({ id: joinedJob.id, status: "done", done: SEEDED_FOLLOWERS, total: SEEDED_FOLLOWERS });
});
