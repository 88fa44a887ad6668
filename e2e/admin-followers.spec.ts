/**
 * The console's Followers screen (issue 15, screen 5), as an operator uses it: sign in at
 * /admin/followers, start the sync, watch the progress bar reach the end, browse the list and
 * filter it by tag — on a phone and on a desktop, with axe-core (WCAG 2 A/AA) and screenshots.
 * Then the job's promise: an app killed mid-sync is resumed by the next status check of
 * another instance, and a second start joins the running job instead of starting another.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { appEnv, appUrl, E2E, e2eDatabaseUrl } from "./e2e-env";
import { appCall } from "./support/app-api";
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

async function expectAccessible(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), `axe on ${what}`).toEqual([]);
}

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

    await page.getByTestId("tag-filter").fill("2");
    await page.getByTestId("tag-filter-apply").click();
    await expect(page).toHaveURL(/\/admin\/followers\?tag=2$/);
    await expect(page.getByTestId("follower-total")).toContainText(`共 ${TAGGED_2} 人`);
    const tags = await page.getByTestId("follower-row").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-tags")));
    expect(tags).toHaveLength(20);
    for (const list of tags) expect(list?.split(",")).toContain("2");
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

test("the sync routes refuse callers without admin credentials", async () => {
  const pagesBefore = (await sim.state()).calls["cgi-bin/user/get"] ?? 0;
  for (const method of ["GET", "POST"] as const) {
    const anonymous = await appCall("/api/admin/followers/sync", { method, auth: null });
    expect(anonymous.status, `${method} without credentials`).toBe(401);
    const wrong = await appCall("/api/admin/followers/sync", { method, auth: "Bearer not-the-admin-token" });
    expect(wrong.status, `${method} with a wrong token`).toBe(401);
  }
  expect((await sim.state()).calls["cgi-bin/user/get"] ?? 0).toBe(pagesBefore); // nothing reached WeChat
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
