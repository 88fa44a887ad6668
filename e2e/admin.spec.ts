/**
 * The operator's side (/api/admin/*, /api/cron/*, /admin) per app-contract.md:
 * who may call it, what it shows (token health — never a value — and
 * followers with WeChat's fields), what it does (customer-service messages,
 * forced refresh), and the cookie session the dashboard uses.
 */
import { expect, test } from "@playwright/test";
import { appUrl, E2E } from "./e2e-env";
import { appCall, expectCleanError, SECRETS, walkJson } from "./support/app-api";
import { followerOpenids, sim, textsTo, tokenCalls } from "./support/sim-control";

interface Health {
  kind: string;
  present: boolean;
  valid: boolean;
  expiresAt: number | null;
  refreshedAt: number | null;
  refreshCountToday: number;
  totalRefreshCount: number;
  lastError: string | null;
}
interface TokensHealth {
  appId: string;
  mode: string;
  accessToken: Health;
  jsApiTicket: Health;
  dailyQuota: number;
}
interface FollowersPage {
  total: number;
  count: number;
  next_openid: string;
  users: Array<Record<string, unknown>>;
}

/** Puts an access_token and a jsapi_ticket in the app's store, so that there is something to leak. */
async function warmCredentials(): Promise<void> {
  expect((await appCall("/api/admin/followers?limit=1")).status).toBe(200);
  expect((await appCall(`/api/jssdk/config?url=${encodeURIComponent(`${appUrl()}/jssdk`)}`, { auth: null })).status).toBe(200);
}

/** Asserts a health JSON carries no credential value and no secret. */
function expectNoValues(text: string): void {
  walkJson(JSON.parse(text), (key, value) => {
    if (key !== null) expect(["access_token", "ticket", "jsapi_ticket", "value", "token", "secret", "appsecret"]).not.toContain(key.toLowerCase());
    // Long strings would be token or ticket values; the last error's text (WeChat's errmsg, which an
    // earlier spec may have caused) is the one long string allowed, and is checked for secrets below.
    if (typeof value === "string" && key !== "lastError") expect(value.length, `string under ${key}`).toBeLessThanOrEqual(60);
  });
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

test.describe("bearer API", () => {
  test("without (or with wrong) credentials every admin route → 401, cron → 401", async () => {
    const routes: Array<[string, "GET" | "POST"]> = [
      ["/api/admin/tokens", "GET"],
      ["/api/admin/followers", "GET"],
      ["/api/admin/tokens/refresh", "POST"],
      ["/api/admin/messages", "POST"],
      ["/api/cron/refresh-tokens", "GET"],
    ];
    const before = await tokenCalls();
    for (const [path, method] of routes) {
      for (const auth of [null, "Bearer wrong-token", `Basic ${Buffer.from(`admin:${E2E.adminToken}`).toString("base64")}`, E2E.adminToken]) {
        const answer = await appCall(path, { method, auth, body: method === "POST" ? { openid: "x", content: "y" } : undefined });
        expect(answer.status, `${method} ${path} with ${auth ?? "nothing"}`).toBe(401);
        expectCleanError(answer.text);
      }
    }
    // The cron secret is not an admin token.
    expect((await appCall("/api/admin/tokens", { auth: `Bearer ${E2E.cronSecret}` })).status).toBe(401);
    expect(await tokenCalls()).toBe(before); // refused requests never reach WeChat
  });

  test("token health: expiry and counts, never a token or ticket value", async () => {
    await warmCredentials();
    const answer = await appCall<TokensHealth>("/api/admin/tokens");
    expect(answer.status).toBe(200);
    const health = answer.json;
    expect(health.appId).toBe(E2E.appId);
    expect(health.accessToken).toMatchObject({ kind: "access_token", present: true, valid: true });
    expect(health.jsApiTicket).toMatchObject({ kind: "jsapi_ticket", present: true, valid: true });
    expect(health.accessToken.expiresAt).toBeGreaterThan(Date.now());
    expect(health.accessToken.totalRefreshCount).toBeGreaterThanOrEqual(1);
    expectNoValues(answer.text);
    // The other process sees the same shared state.
    const second = await appCall<TokensHealth>("/api/admin/tokens", { port: E2E.secondAppPort });
    expect(second.json.accessToken.refreshedAt).toBe(health.accessToken.refreshedAt);
    expectNoValues(second.text);
  });

  test("followers: ?limit=100 pages walk every follower once, with WeChat's snake_case fields", async () => {
    const expected = await followerOpenids();
    const seen: string[] = [];
    let next = "";
    let pages = 0;
    for (;;) {
      const answer = await appCall<FollowersPage>(`/api/admin/followers?limit=100${next ? `&next_openid=${next}` : ""}`, {
        port: pages % 2 ? E2E.secondAppPort : E2E.appPort,
      });
      expect(answer.status).toBe(200);
      const page = answer.json;
      pages++;
      expect(page.total).toBe(expected.length);
      expect(page.count).toBe(page.users.length);
      expect(page.users.length).toBeLessThanOrEqual(100);
      // Plain checks, one expect per page: Playwright's expect is too slow for thousands of calls.
      const problems: string[] = [];
      for (const user of page.users) {
        const id = String(user.openid);
        if (user.subscribe !== 1 || user.language !== "zh_CN") problems.push(`${id}: subscribe/language`);
        if (typeof user.openid !== "string") problems.push(`${id}: openid`);
        if (typeof user.subscribe_time !== "number") problems.push(`${id}: subscribe_time`);
        if (typeof user.subscribe_scene !== "string") problems.push(`${id}: subscribe_scene`);
        if (!Array.isArray(user.tagid_list)) problems.push(`${id}: tagid_list`);
        for (const key of ["qr_scene", "qr_scene_str", "remark"]) if (!(key in user)) problems.push(`${id}: no ${key}`);
        for (const key of Object.keys(user)) if (!/^[a-z_]+$/.test(key)) problems.push(`${id}: key ${key} is not WeChat's`);
        seen.push(id);
      }
      expect(problems).toEqual([]);
      next = page.next_openid;
      if (!next) break;
      expect(pages).toBeLessThan(20);
    }
    expect(pages).toBe(Math.ceil(expected.length / 100));
    expect(seen).toEqual(expected); // all of them, once, in WeChat's order
  });

  test("followers: also correct when WeChat's own user/get pages are small", async () => {
    await sim.config({ pageSize: 30 });
    try {
      const expected = await followerOpenids();
      const seen: string[] = [];
      let next = "";
      for (let i = 0; i < 40; i++) {
        const answer = await appCall<FollowersPage>(`/api/admin/followers?limit=100${next ? `&next_openid=${next}` : ""}`);
        expect(answer.status).toBe(200);
        seen.push(...answer.json.users.map((u) => u.openid as string));
        next = answer.json.next_openid;
        if (!next) break;
      }
      expect(next).toBe("");
      expect(seen).toEqual(expected);
    } finally {
      await sim.config({ pageSize: 10_000 });
    }
  });

  test("followers: bad paging parameters → 400", async () => {
    for (const query of ["limit=0", "limit=101", "limit=abc", "next_openid=%3Cscript%3E"]) {
      const answer = await appCall(`/api/admin/followers?${query}`);
      expect(answer.status, query).toBe(400);
      expectCleanError(answer.text);
    }
  });

  test("customer-service text: sent inside the 48-hour window, 45015 outside it → 502 JSON", async () => {
    const followers = await followerOpenids();
    const active = followers[5] as string;
    await sim.markActive(active);
    const since = Date.now();
    const content = `管理员消息 ${Date.now()}`;
    const sent = await appCall("/api/admin/messages", { method: "POST", body: { openid: active, content } });
    expect(sent.status).toBe(200);
    expect(sent.json).toEqual({ ok: true });
    expect(await textsTo(active, since)).toEqual([content]);

    // A follower who never wrote to the account (nor was marked active by another spec): WeChat refuses with 45015.
    const silent = (await sim.users()).filter((u) => u.subscribe === 1 && !u.inServiceWindow).at(-5)?.openid as string;
    expect(silent).toBeTruthy();
    const refused = await appCall<{ error: string; errcode: number; errmsg: string }>("/api/admin/messages", {
      method: "POST",
      body: { openid: silent, content: "too late" },
    });
    expect(refused.status).toBe(502);
    expect(refused.json).toMatchObject({ errcode: 45015 });
    expect(typeof refused.json.errmsg).toBe("string");
    expectCleanError(refused.text);
    expect(await textsTo(silent, since)).toEqual([]);

    for (const body of [{ openid: "bad openid!", content: "x" }, { openid: active, content: "" }, { openid: active }, "not json"]) {
      const bad = await appCall("/api/admin/messages", { method: "POST", body });
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expectCleanError(bad.text);
    }
  });

  test("POST /api/admin/tokens/refresh → new token and ticket, counts go up", async () => {
    await warmCredentials();
    const before = (await appCall<TokensHealth>("/api/admin/tokens")).json;
    const simBefore = await sim.state();
    const answer = await appCall<TokensHealth>("/api/admin/tokens/refresh", { method: "POST", port: E2E.secondAppPort });
    expect(answer.status).toBe(200);
    expectNoValues(answer.text);
    const after = (await appCall<TokensHealth>("/api/admin/tokens")).json;
    expect(after.accessToken.totalRefreshCount).toBe(before.accessToken.totalRefreshCount + 1);
    expect(after.accessToken.refreshCountToday).toBe(before.accessToken.refreshCountToday + 1);
    expect(after.jsApiTicket.totalRefreshCount).toBe(before.jsApiTicket.totalRefreshCount + 1);
    expect(after.accessToken.refreshedAt).toBeGreaterThan(before.accessToken.refreshedAt ?? 0);
    const simAfter = await sim.state();
    expect(simAfter.calls["cgi-bin/token"]).toBe((simBefore.calls["cgi-bin/token"] ?? 0) + 1);
    expect(simAfter.calls["cgi-bin/ticket/getticket"]).toBe((simBefore.calls["cgi-bin/ticket/getticket"] ?? 0) + 1);
    // The new token works for both processes.
    for (const port of [E2E.appPort, E2E.secondAppPort]) expect((await appCall("/api/admin/followers?limit=1", { port })).status).toBe(200);
    expect(await tokenCalls()).toBe(simAfter.calls["cgi-bin/token"]);
  });

  test("cron: 401 without the secret; with it, refreshes only what is due (nothing right now)", async () => {
    await warmCredentials();
    expect((await appCall("/api/cron/refresh-tokens", { auth: null })).status).toBe(401);
    expect((await appCall("/api/cron/refresh-tokens", { auth: "Bearer nope" })).status).toBe(401);
    // This account's own issue counts: the cron also refreshes the other accounts earlier specs
    // added (docs/accounts.md), whose token calls the simulator's global counter includes.
    const issued = async () => (await sim.state()).issued;
    const before = await issued();
    const answer = await appCall<{ refreshed: { accessToken: boolean; jsApiTicket: boolean } }>("/api/cron/refresh-tokens", {
      auth: `Bearer ${E2E.cronSecret}`,
    });
    expect(answer.status).toBe(200);
    expect(answer.json.refreshed).toEqual({ accessToken: false, jsApiTicket: false });
    expectNoValues(answer.text);
    expect(await issued()).toEqual(before);
  });
});

test.describe("cookie session", () => {
  const origin = appUrl();

  test("wrong token → 401; foreign or missing Origin → 403; right token → 204 and the cookie works", async ({ playwright }) => {
    const ctx = await playwright.request.newContext({ baseURL: origin });
    try {
      const post = (path: string, data: unknown, headers: Record<string, string>) => ctx.post(path, { data, headers });
      const wrong = await post("/api/admin/session", { token: "not-the-admin-token" }, { origin });
      expect(wrong.status()).toBe(401);
      expectCleanError(await wrong.text());
      expect(wrong.headers()["set-cookie"]).toBeUndefined();
      expect((await post("/api/admin/session", { token: E2E.adminToken }, {})).status()).toBe(403);
      expect((await post("/api/admin/session", { token: E2E.adminToken }, { origin: "https://evil.example" })).status()).toBe(403);
      expect((await post("/api/admin/session", { token: E2E.adminToken }, { referer: "https://evil.example/page" })).status()).toBe(403);
      expect((await ctx.get("/api/admin/tokens")).status()).toBe(401); // none of those signed us in

      const ok = await post("/api/admin/session", { token: E2E.adminToken }, { origin });
      expect(ok.status()).toBe(204);
      const cookie = ok.headers()["set-cookie"] ?? "";
      expect(cookie).toMatch(/httponly/i);
      expect(cookie).toMatch(/samesite=lax/i);
      for (const secret of SECRETS) expect(cookie).not.toContain(secret);

      const health = await ctx.get("/api/admin/tokens");
      expect(health.status()).toBe(200);
      expectNoValues(await health.text());
      expect((await ctx.get("/api/admin/followers?limit=2")).status()).toBe(200);
      // The session is shared by both processes (same SESSION_PASSWORD): the cookie works on the other one.
      const cookies = await ctx.storageState();
      const header = cookies.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
      expect((await appCall("/api/admin/tokens", { port: E2E.secondAppPort, auth: null, headers: { cookie: header } })).status).toBe(200);

      // Cookie-authenticated writes must come from our own pages.
      expect((await ctx.post("/api/admin/tokens/refresh")).status()).toBe(403);
      expect((await ctx.post("/api/admin/tokens/refresh", { headers: { origin: "https://evil.example" } })).status()).toBe(403);
      expect((await ctx.post("/api/admin/tokens/refresh", { headers: { origin } })).status()).toBe(200);

      expect((await ctx.post("/api/admin/session/logout")).status()).toBe(403);
      expect((await ctx.post("/api/admin/session/logout", { headers: { origin } })).status()).toBe(204);
      expect((await ctx.get("/api/admin/tokens")).status()).toBe(401);
    } finally {
      await ctx.dispose();
    }
  });

  test("/admin in a browser: token form, then the overview and followers; token health on 运维", async ({ page }) => {
    await page.goto("/admin");
    const input = page.getByTestId("admin-token-input");
    await expect(input).toBeVisible();
    await expect(page.getByTestId("admin-dashboard")).toHaveCount(0);

    await input.fill("wrong-token");
    await page.getByTestId("admin-login").click();
    await expect(page.getByTestId("admin-login-error")).toBeVisible();
    await expect(page.getByTestId("admin-dashboard")).toHaveCount(0);

    await input.fill(E2E.adminToken);
    await page.getByTestId("admin-login").click();
    await expect(page.getByTestId("admin-dashboard")).toBeVisible();
    await expect(page.getByTestId("overview-new")).toHaveText(/^\d+$/);
    await expect(page.getByTestId("health-access_token")).toHaveCount(0);
    const table = page.getByTestId("followers-table");
    await expect(table).toBeVisible();
    const first = (await followerOpenids())[0] as string;
    await expect(table.locator(`[data-testid="follower-row"][data-openid="${first}"]`)).toHaveCount(1);

    // The token is kept nowhere in the page or its storage; a reload stays signed in (cookie session).
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(stored).not.toContain(E2E.adminToken);
    expect(await page.content()).not.toContain(E2E.adminToken);
    await page.reload();
    await expect(page.getByTestId("admin-dashboard")).toBeVisible();
    await expect(page.getByTestId("admin-token-input")).toHaveCount(0);

    await page.goto("/admin/ops");
    await expect(page.getByTestId("health-access_token")).toBeVisible();
    await expect(page.getByTestId("health-jsapi_ticket")).toBeVisible();
    await expect(page.getByTestId("health-access_token")).toHaveAttribute("data-present", "true");
  });
});
