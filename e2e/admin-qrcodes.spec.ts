/**
 * Admin console, QR codes and channels (/admin/qrcodes): the operator creates a temporary
 * channel code, sees and downloads its image, and follows its scans and new followers as
 * the simulator's users scan it. WeChat's retries of the same push — also landing on the
 * second app instance — are counted once. Route-level checks of /api/admin/qrcodes.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { appUrl, E2E, simulatorUrl } from "./e2e-env";
import { admin, simPush } from "./support/admin-fetch";
import { expectCleanError } from "./support/app-api";
import { desktopContext, expectAccessible, screenshot, signInOnScreen, watchConsole } from "./support/console-screen";
import { followerOpenids, sim } from "./support/sim-control";
import type { PushResult } from "../simulator/push/pusher-types";
import jsQR from "jsqr";
import { decodePng } from "../test/support/png";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The page at `width` × its height scrolls only up and down (issue 24: nothing sideways at 360 px). */
async function expectNoSideScroll(page: Page, width: 360 | 1280): Promise<void> {
  await page.setViewportSize({ width, height: width === 360 ? 740 : 800 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), { message: `horizontal scroll at ${width} px` }).toBeLessThanOrEqual(width);
}

/** WeChat's retry: the identical push again (same CreateTime, same fields), to `port`. */
async function redeliver(first: PushResult, port: number): Promise<PushResult> {
  return simPush("/__sim/push", { xml: first.requestXml, mode: first.mode, webhookUrl: `${appUrl(port)}/api/wechat` });
}

async function ticketOf(scene: string): Promise<string> {
  const res = await fetch(`${simulatorUrl}/__sim/qrcodes`);
  const { items } = (await res.json()) as { items: Array<{ ticket: string; scene: string }> };
  const found = items.filter((i) => i.scene === scene).at(-1);
  if (!found) throw new Error(`no code with scene ${scene} in the simulator`);
  return found.ticket;
}

test("qrcodes routes: 401 without admin auth, 400 with the contract's error shapes, 404/400 for images", async () => {
  for (const [method, path] of [
    ["GET", "/api/admin/qrcodes"],
    ["POST", "/api/admin/qrcodes"],
    ["GET", `/api/admin/qrcodes/${randomUUID()}/image`],
  ] as const) {
    const res = await fetch(`${appUrl()}${path}`, { method, headers: { "content-type": "application/json" }, body: method === "POST" ? "{}" : undefined });
    expect(res.status, `${method} ${path}`).toBe(401);
  }
  const raw = await fetch(`${appUrl()}/api/admin/qrcodes`, { method: "POST", headers: { authorization: `Bearer ${E2E.adminToken}`, "content-type": "application/json" }, body: "{not json" });
  expect(raw.status).toBe(400);
  expect(await raw.json()).toEqual({ error: "invalid_json" });
  const cases: Array<[unknown, string]> = [
    [{}, "invalid_scene"],
    [{ scene: 7 }, "invalid_scene"],
    [{ scene: "a", permanent: "yes" }, "invalid_permanent"],
    [{ scene: "a", expireSeconds: "60" }, "invalid_expire_seconds"],
    [{ scene: "x".repeat(65) }, "invalid_qrcode"],
    [{ scene: "a", expireSeconds: 2_592_001 }, "invalid_qrcode"],
  ];
  for (const [body, error] of cases) {
    const answer = await admin("POST", "/api/admin/qrcodes", body);
    expect(answer.status, JSON.stringify(body)).toBe(400);
    expect(answer.json.error).toBe(error);
    expectCleanError(answer.text);
  }
  expect((await admin("GET", "/api/admin/qrcodes/not-a-uuid/image")).status).toBe(400);
  expect((await admin("GET", `/api/admin/qrcodes/${randomUUID()}/image`)).status).toBe(404);

  const created = await admin("POST", "/api/admin/qrcodes", { scene: `route-${randomUUID().slice(0, 8)}`, permanent: true });
  expect(created.status).toBe(201);
  expect(Object.keys(created.json).sort()).toEqual(["expiresAt", "id", "imageUrl", "permanent", "scene", "ticket", "url"]);
  expect(created.json.id).not.toBe(created.json.ticket);
  // One working code per scene: 409 with the existing code's id, nothing created.
  const again = await admin("POST", "/api/admin/qrcodes", { scene: created.json.scene, permanent: true });
  expect(again.status).toBe(409);
  expect(again.json).toMatchObject({ error: "scene_exists", existingId: created.json.id });
  expectCleanError(again.text);
  // Rename and note (PATCH), with the shapes refused.
  const id = created.json.id as string;
  expect((await admin("PATCH", `/api/admin/qrcodes/${id}`, { name: "海报", note: "门口" })).json).toMatchObject({ id, name: "海报", note: "门口" });
  expect((await admin("PATCH", `/api/admin/qrcodes/${id}`, {})).json.error).toBe("invalid_label");
  expect((await admin("PATCH", `/api/admin/qrcodes/${id}`, { name: 5 })).status).toBe(400);
  expect((await admin("PATCH", `/api/admin/qrcodes/${randomUUID()}`, { name: "x" })).status).toBe(404);
  // Images: PNG at print size and SVG, both drawn from the code's URL.
  const print = await fetch(`${appUrl()}/api/admin/qrcodes/${id}/image?size=print`, { headers: { authorization: `Bearer ${E2E.adminToken}` } });
  const printed = decodePng(Buffer.from(await print.arrayBuffer()));
  expect(printed.width).toBeGreaterThanOrEqual(900);
  expect(jsQR(printed.rgba, printed.width, printed.height)?.data).toBe(created.json.url);
  const svg = await fetch(`${appUrl()}/api/admin/qrcodes/${id}/image?format=svg`, { headers: { authorization: `Bearer ${E2E.adminToken}` } });
  expect(svg.headers.get("content-type")).toBe("image/svg+xml");
  expect(await svg.text()).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
  expect((await admin("GET", `/api/admin/qrcodes/${id}/image?format=gif`)).status).toBe(400);
  // CSV export bounds.
  expect((await admin("GET", "/api/admin/qrcodes/export?days=0")).status).toBe(400);
  expect((await admin("GET", "/api/admin/qrcodes/export?days=abc")).status).toBe(400);
  const list = await admin("GET", "/api/admin/qrcodes");
  const item = (list.json.items as Array<Record<string, unknown>>).find((i) => i.id === created.json.id);
  expect(item).toMatchObject({ scene: created.json.scene, permanent: true, expiresAt: null, scans: 0, subscribes: 0 });
  expect(Date.parse(item!.createdAt as string)).toBeGreaterThan(Date.now() - 60_000);
});

test("qrcodes screen: create a code, download it, and see scans and new followers counted once per push", async ({ page, context, browser }) => {
  const errors = watchConsole(page);
  const scene = `e2e-ch-${randomUUID().slice(0, 8)}`;
  await signInOnScreen(page, "/admin/qrcodes");
  await expectAccessible(page, "qrcodes (empty form)");

  await page.getByRole("textbox", { name: /场景值/ }).fill(scene);
  await page.getByTestId("qr-create-submit").click();
  const created = page.getByTestId("qr-created");
  await expect(created).toContainText(scene);
  const image = created.locator("img");
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("qr-created-download").click()]);
  expect(download.suggestedFilename()).toBe(`qrcode-${scene}.png`);
  const png = readFileSync(await download.path());
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  // A real code, not a solid square: a QR reader gets the code's ticket URL back.
  const { width, height, rgba } = decodePng(png);
  const createdUrl = (await created.getByTestId("qr-created-url").textContent())!.trim();
  expect(createdUrl).toMatch(/^https?:\/\//);
  expect(jsQR(rgba, width, height)?.data).toBe(createdUrl);

  // A follower scans (SCAN); WeChat retries the same push twice, once to the other instance.
  const ticket = await ticketOf(scene);
  const [follower] = await followerOpenids();
  const scan = await simPush("/__sim/qrcodes/scan", { ticket, openid: follower });
  expect(scan.delivered).toBe(true);
  expect((await redeliver(scan, E2E.appPort)).delivered).toBe(true);
  expect((await redeliver(scan, E2E.secondAppPort)).delivered).toBe(true);

  const row = page.getByTestId("qr-item").filter({ has: page.getByRole("heading", { name: scene }) });
  // Live: the counts move without pressing 刷新.
  await expect(row.getByTestId("qr-scans")).toHaveText("1", { timeout: 15_000 });
  await expect(row.getByTestId("qr-subscribes")).toHaveText("0");

  // Someone new follows by scanning it (subscribe with qrscene_); retried once.
  const newcomer = (await sim.users()).find((u) => u.subscribe === 0)?.openid;
  expect(newcomer, "the simulator has a non-follower").toBeTruthy();
  const follow = await simPush("/__sim/qrcodes/scan", { ticket, openid: newcomer });
  expect(follow.requestXml).toContain(`qrscene_${scene}`);
  expect((await redeliver(follow, E2E.secondAppPort)).delivered).toBe(true);

  await expect(row.getByTestId("qr-scans")).toHaveText("2", { timeout: 15_000 });
  await expect(row.getByTestId("qr-subscribes")).toHaveText("1");
  const chart = row.getByTestId("qr-chart");
  await expect(chart.getByRole("img")).toHaveAttribute("aria-label", /共 2 次，其中新关注 1 人/);
  await expect(chart.locator("table tbody tr").last()).toContainText(/2\s*1/);

  // The same scene again: no second code; the page offers the existing one.
  await page.getByRole("textbox", { name: /场景值/ }).fill(scene);
  await page.getByTestId("qr-create-submit").click();
  await expect(page.getByTestId("qr-scene-taken")).toContainText(`场景值“${scene}”已有二维码`);
  await page.getByTestId("qr-open-existing").click();
  await expect(row).toHaveAttribute("data-highlighted", "true");
  await expect(row.getByRole("heading", { name: scene })).toBeFocused();

  // Rename it and give it a note; the scene stays.
  await row.getByTestId("qr-edit").click();
  await row.getByTestId("qr-name").fill("门店海报");
  await row.getByTestId("qr-note").fill("收银台旁");
  await row.getByTestId("qr-label-save").click();
  const named = page.getByTestId("qr-item").filter({ has: page.getByRole("heading", { name: "门店海报" }) }).filter({ hasText: scene });
  await expect(named.getByTestId("qr-note-text")).toHaveText("备注：收银台旁");
  await expect(named).toContainText(`场景值 ${scene}`);

  // CSV of scans and new followers per day.
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("qr-export").click()]);
  const rows = readFileSync(await csv.path(), "utf8").replace(/^\ufeff/, "").trim().split("\r\n");
  expect(rows[0]).toBe("日期,场景值,名称,扫码次数,新关注人数");
  expect(rows.filter((r) => r.includes(`,${scene},门店海报,`)).at(-1)).toMatch(/,2,1$/);

  const listed = await admin("GET", "/api/admin/qrcodes");
  expect((listed.json.items as Array<Record<string, unknown>>).find((i) => i.scene === scene)).toMatchObject({ scans: 2, subscribes: 1, permanent: false, name: "门店海报", note: "收银台旁" });

  await expectAccessible(page, "qrcodes (phone)");
  await screenshot(page, "admin-qrcodes-phone");
  await expectNoSideScroll(page, 360);
  await screenshot(page, "admin-qrcodes-360");

  const desk = await desktopContext(browser, context);
  const deskPage = await desk.newPage();
  const deskErrors = watchConsole(deskPage);
  await deskPage.goto(`${appUrl()}/admin/qrcodes`);
  await expect(deskPage.getByTestId("qr-item").filter({ hasText: scene }).getByTestId("qr-scans")).toHaveText("2");
  await expectAccessible(deskPage, "qrcodes (desktop)");
  await expectNoSideScroll(deskPage, 1280);
  await screenshot(deskPage, "admin-qrcodes-desktop");
  await desk.close();

  // The one error the browser logs is the 409 the reused scene asked for (Chromium logs every 4xx fetch).
  const expected409 = (e: string): boolean => e.includes("status of 409 (Conflict)") && e.includes("/api/admin/qrcodes)");
  expect(errors.filter(expected409)).toHaveLength(1);
  expect([...errors.filter((e) => !expected409(e)), ...deskErrors]).toEqual([]);
});
