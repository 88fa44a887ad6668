/**
 * The console's Operations screen (issue 15, screen 6), as an operator uses it, after the
 * server's IP fell out of the account's whitelist (the simulator answers 40164): the quota
 * per API, "clear quota" behind a confirmation stating the monthly limit (cancel spends
 * nothing; confirm spends one), the callback check, the outgoing IP WeChat saw with where to
 * whitelist it, and the last errors with their rid, explained on click through rid/get.
 * Phone and desktop, axe (also on the dialog), screenshots. Then the routes behind it.
 */
import { expect, test } from "@playwright/test";
import { E2E } from "./e2e-env";
import { appCall, expectCleanError, SECRETS } from "./support/app-api";
import { watchPageProblems } from "./support/browser";
import { expectAccessible, newConsolePage, shoot, signInAt } from "./support/console-page";
import { sim } from "./support/sim-control";

interface OpsError {
  at: number;
  source: string;
  errcode: number | null;
  message: string;
  rid: string | null;
  outgoingIp: string | null;
}

const clearCalls = async (): Promise<number> => (await sim.state()).calls["cgi-bin/clear_quota"] ?? 0;

test.beforeAll(async () => {
  await sim.reset();
  // The app's outgoing IP is not whitelisted: a token refresh and the overview both meet 40164.
  await sim.config({ ipWhitelist: ["10.0.0.1"] });
  expect((await appCall("/api/admin/tokens/refresh", { method: "POST" })).status).toBe(502);
  const refused = await appCall<{ errcode?: number }>("/api/admin/ops");
  expect(refused.status).toBe(502);
  expect(refused.json.errcode).toBe(40164);
  await sim.config({ ipWhitelist: [] });
});

for (const size of ["phone", "desktop"] as const) {
  test(`operator checks quotas, clears them, checks the callback and explains the last errors (${size})`, async ({ browser }) => {
    const page = await newConsolePage(browser, size);
    const problems = watchPageProblems(page);
    await signInAt(page, "/admin/ops");

    // Quota per call, as WeChat counts it.
    await expect(page.getByTestId("quota-row").first()).toBeVisible();
    await expect(page.getByTestId("quota-row").filter({ hasText: "/cgi-bin/token" })).toHaveCount(1);

    // The outgoing IP WeChat refused, and where to whitelist it.
    await expect(page.getByTestId("outgoing-ip-hint")).toContainText("IP白名单");
    const ip = (await page.getByTestId("outgoing-ip").innerText()).trim();
    expect(ip).toMatch(/^[0-9a-f.:]+$/i);
    await expect(page.getByTestId("callback-ips")).toContainText("127.0.0.1");

    // The last errors carry their rid; one click asks rid/get what WeChat logged.
    const item = page.getByTestId("error-item").filter({ has: page.getByTestId("rid-explain") }).first();
    await expect(item).toHaveAttribute("data-errcode", "40164");
    await item.getByTestId("rid-explain").click();
    await expect(item.getByTestId("rid-info")).toBeVisible();
    await expect(item.getByTestId("rid-response")).toContainText("40164");
    await expect(item.getByTestId("rid-client-ip")).not.toBeEmpty();

    // The callback check reaches the app's webhook.
    await page.getByTestId("callback-operator").selectOption("UNICOM");
    await page.getByTestId("callback-check").click();
    await expect(page.getByTestId("callback-result")).toHaveAttribute("data-reachable", "true");
    await expect(page.getByTestId("callback-ping").first()).toContainText("丢包 0%");
    await expectAccessible(page, "/admin/ops");
    await shoot(page, `admin-ops-${size}`);

    // Clear quota: the dialog states the monthly limit; cancel spends nothing, confirm spends one.
    const before = await clearCalls();
    await page.getByTestId("clear-quota").click();
    const dialog = page.getByTestId("clear-quota-dialog");
    await expect(dialog).toContainText("每月最多清零 10 次");
    await expectAccessible(page, "/admin/ops (clear-quota dialog)");
    await shoot(page, `admin-ops-clear-quota-dialog-${size}`);
    await page.getByTestId("clear-quota-cancel").click();
    await expect(dialog).toBeHidden();
    expect(await clearCalls()).toBe(before);
    await page.getByTestId("clear-quota").click();
    await page.getByTestId("clear-quota-confirm").click();
    await expect(page.getByTestId("clear-quota-result")).toContainText("已清零");
    expect(await clearCalls()).toBe(before + 1);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(0);
    expect(problems.errors, "page errors / console errors").toEqual([]);
    await page.context().close();
  });
}

test.describe("operations routes", () => {
  test("every new ops route → 401 without admin auth, without calling WeChat", async () => {
    const before = await sim.state();
    for (const [path, method] of [
      ["/api/admin/ops/errors", "GET"],
      ["/api/admin/ops/clear-quota", "POST"],
      ["/api/admin/ops/rid", "POST"],
    ] as const) {
      expect((await appCall(path, { method, auth: null, body: method === "POST" ? { confirm: true, rid: "aa-bb" } : undefined })).status, path).toBe(401);
    }
    const after = await sim.state();
    expect(after.calls["cgi-bin/clear_quota"] ?? 0).toBe(before.calls["cgi-bin/clear_quota"] ?? 0);
    expect(after.calls["cgi-bin/openapi/rid/get"] ?? 0).toBe(before.calls["cgi-bin/openapi/rid/get"] ?? 0);
  });

  test("clear-quota without { confirm: true } → 400 and no reset spent; a bad rid → 400 without calling WeChat", async () => {
    const before = await sim.state();
    for (const body of [undefined, {}, { confirm: "yes" }, [true]]) {
      const res = await appCall("/api/admin/ops/clear-quota", { method: "POST", body });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: "confirmation_required" });
      expectCleanError(res.text);
    }
    for (const body of [undefined, {}, { rid: "" }, { rid: "not a rid" }, { rid: 42 }, { rid: "zz-yy" }]) {
      const res = await appCall("/api/admin/ops/rid", { method: "POST", body });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: "invalid_rid" });
      expectCleanError(res.text);
    }
    const after = await sim.state();
    expect(after.calls["cgi-bin/clear_quota"] ?? 0).toBe(before.calls["cgi-bin/clear_quota"] ?? 0);
    expect(after.calls["cgi-bin/openapi/rid/get"] ?? 0).toBe(before.calls["cgi-bin/openapi/rid/get"] ?? 0);
  });

  test("the month's resets used up → 409 monthly_limit_reached with the limit", async () => {
    let last = await appCall<{ error?: string; monthlyLimit?: number }>("/api/admin/ops/clear-quota", { method: "POST", body: { confirm: true } });
    for (let i = 0; i < 12 && last.status === 200; i++) {
      last = await appCall("/api/admin/ops/clear-quota", { method: "POST", body: { confirm: true } });
    }
    expect(last.status).toBe(409);
    expect(last.json).toMatchObject({ error: "monthly_limit_reached", monthlyLimit: 10 });
  });

  test("the error list carries rids and the 40164 outgoing IP, and no secret", async () => {
    const res = await appCall<{ errors: OpsError[] }>("/api/admin/ops/errors");
    expect(res.status).toBe(200);
    const blocked = res.json.errors.filter((e) => e.errcode === 40164);
    expect(blocked.length).toBeGreaterThan(0);
    // The same failure met by the refresh route and stored by the token store is listed once (one rid).
    expect(new Set(blocked.map((e) => e.rid)).size).toBe(blocked.length);
    // Another instance never served those routes: it still lists the stored credential failure.
    const other = await appCall<{ errors: OpsError[] }>("/api/admin/ops/errors", { port: E2E.secondAppPort });
    expect(other.json.errors.find((e) => e.errcode === 40164)).toMatchObject({ source: "access_token" });
    for (const e of blocked) {
      expect(e.rid).toMatch(/^[0-9a-f]+(-[0-9a-f]+)+$/);
      expect(e.outgoingIp).toBeTruthy();
    }
    for (const secret of SECRETS) expect(res.text).not.toContain(secret);
  });
});
