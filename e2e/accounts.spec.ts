/**
 * Several accounts in one deployment (issue 26, docs/accounts.md), end to end: a second 公众号
 * added to the simulator (`POST /__sim/accounts`) and to the app (`POST /api/admin/accounts`),
 * pushed to at the same time as the default one with the same MsgId and openid, each answered by
 * its own account at its own server URL; the console working on it; then retired: 404.
 * The 账号 screen is shot at 360 and 1280 and checked with axe.
 */
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { locationOf, me, silentCallbackUrl } from "./support/browser-oauth";
import { simulatorVerifies } from "./support/browser-jssdk";
import { appCall, expectCleanError } from "./support/app-api";
import { expectAccessible, newConsolePage, shoot, signInAt } from "./support/console-page";
import { appUrl, E2E, simulatorUrl } from "./e2e-env";

const B = {
  appId: `wx${randomBytes(8).toString("hex")}`,
  appSecret: randomBytes(16).toString("hex"),
  token: "secondtoken42",
  encodingAESKey: "ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj",
  name: "第二个公众号",
} as { appId: string; appSecret: string; token: string; encodingAESKey: string; name: string };

type PushAnswer = { delivered: boolean; reply: { kind: string; content?: string } | null; replyErrors: string[]; attempts: Array<{ status: number | null; body?: string }> };
async function push(appId: string | null, content: string, msgId: string, openid: string): Promise<PushAnswer> {
  const res = await fetch(`${simulatorUrl}/__sim/push${appId ? `?appid=${appId}` : ""}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message: { type: "text", content, msgId, from: openid }, tries: 1 }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as PushAnswer;
}

/** A browser's cookie jar signed in to the second account (kept for the retirement test). */
let jarB: APIRequestContext;

test.describe.serial("two 公众号 in one deployment", () => {
  test("the second account is added to the simulator and to the app; bad input is a 4xx naming the field", async () => {
    const simAdded = await fetch(`${simulatorUrl}/__sim/accounts`, {
      method: "POST",
      body: JSON.stringify({ appId: B.appId, appSecret: B.appSecret, token: B.token, encodingAESKey: B.encodingAESKey, accountName: B.name, followers: 4 }),
    });
    expect(simAdded.status).toBe(201);

    for (const [body, field] of [
      [{ ...B, appId: "wx123" }, "appId"],
      [{ ...B, appSecret: "short" }, "appSecret"],
      [{ ...B, token: "a" }, "token"],
      [{ ...B, encodingAESKey: "x".repeat(42) }, "encodingAESKey"],
    ] as const) {
      const refused = await appCall("/api/admin/accounts", { method: "POST", body });
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({ error: "invalid_account", field });
      expectCleanError(refused.text);
    }
    expect((await appCall("/api/admin/accounts", { method: "POST", body: "[]" })).status).toBe(400);

    const added = await appCall<{ account: { appId: string; serverUrl: string } }>("/api/admin/accounts", { method: "POST", body: B });
    expect(added.status, added.text).toBe(201);
    expect(added.json.account.serverUrl).toMatch(new RegExp(`/api/wechat/${B.appId}$`));
    expect((await appCall("/api/admin/accounts", { method: "POST", body: B })).status).toBe(409);

    const listed = await appCall("/api/admin/accounts");
    expect(listed.status).toBe(200);
    for (const secret of [B.appSecret, B.encodingAESKey, B.token]) expect(listed.text).not.toContain(secret);
    expect(listed.text).toContain(B.appId);
  });

  test("simultaneous pushes with the same MsgId and openid are each answered by their own account", async () => {
    const openid = "oE2eSameOpenid000000000001";
    const msgId = `6${String(Date.now()).padStart(18, "0")}`;
    const [a, b] = await Promise.all([push(null, "hello A", msgId, openid), push(B.appId, "hello B", msgId, openid)]);
    expect(a).toMatchObject({ delivered: true, reply: { kind: "text", content: "echo:hello A" }, replyErrors: [] });
    expect(b).toMatchObject({ delivered: true, reply: { kind: "text", content: "echo:hello B" }, replyErrors: [] });
    // WeChat's retry of B's push is answered from B's record.
    expect(await push(B.appId, "retry", msgId, openid)).toMatchObject({ reply: { content: "echo:hello B" } });
  });

  test("the doctor's checks pass for the second account; the console's APIs work on it by ?appid= or header", async () => {
    const checked = await appCall<{ ok: boolean; checks: Array<{ name: string; status: string }> }>(`/api/admin/accounts/${B.appId}/check`, { method: "POST" });
    expect(checked.status, checked.text).toBe(200);
    expect(checked.json.ok).toBe(true);
    expect(checked.json.checks.find((c) => c.name === "access_token")?.status).toBe("ok");
    const tokens = await appCall<{ accessToken: { appId?: string } }>(`/api/admin/tokens?appid=${B.appId}`);
    expect(tokens.status, tokens.text).toBe(200);
    const followers = await appCall<{ total: number }>("/api/admin/followers", { headers: { "x-wechat-appid": B.appId } });
    expect(followers.status, followers.text).toBe(200);
    expect(followers.json.total).toBe(4);
    // A change (write-only secrets) rebuilds the account's wiring: its pushes still answered.
    expect((await appCall(`/api/admin/accounts/${B.appId}`, { method: "PATCH", body: { token: "x" } })).status).toBe(400);
    const changed = await appCall(`/api/admin/accounts/${B.appId}`, { method: "PATCH", body: { appSecret: B.appSecret, name: "第二个号" } });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.text).not.toContain(B.appSecret);
    expect(await push(B.appId, "after change", `3${String(Date.now()).padStart(18, "0")}`, "oChanged")).toMatchObject({ reply: { content: "echo:after change" } });
    B.name = "第二个号";
    // The cron refreshes the second account's tokens ahead of expiry too.
    const cron = await appCall<{ refreshed: unknown; accounts?: Record<string, unknown> }>("/api/cron/refresh-tokens", { auth: `Bearer ${E2E.cronSecret}` });
    expect(cron.status, cron.text).toBe(200);
    expect(cron.json.accounts?.[B.appId]).toMatchObject({ accessToken: expect.any(Boolean) });
    const unknown = await appCall("/api/admin/followers?appid=wx0000000000000404");
    expect(unknown.status).toBe(404);
    expectCleanError(unknown.text);
  });

  test("web authorization for the second account: its own authorize URL and callback; its session is not the default account's", async ({ playwright }) => {
    jarB = await playwright.request.newContext({ baseURL: appUrl() });
    const started = await jarB.get(`/api/auth/wechat?appid=${B.appId}&scope=snsapi_base`, { maxRedirects: 0 });
    expect(started.status(), await started.text()).toBe(302);
    const authorizeUrl = locationOf(started);
    expect(new URL(authorizeUrl).searchParams.get("appid")).toBe(B.appId);
    const callbackUrl = await silentCallbackUrl(jarB, authorizeUrl);
    expect(new URL(callbackUrl).searchParams.get("appid")).toBe(B.appId);
    const done = await jarB.get(callbackUrl, { maxRedirects: 0 });
    expect(done.status(), await done.text()).toBe(302);
    expect(locationOf(done)).not.toContain("/auth/error");
    const users = (await (await fetch(`${simulatorUrl}/__sim/users?appid=${B.appId}`)).json()) as { users: Array<{ openid: string }> };
    const mine = await jarB.get(`/api/me?appid=${B.appId}`);
    expect(mine.status()).toBe(200);
    expect(users.users.map((u) => u.openid)).toContain(((await mine.json()) as { openid: string }).openid);
    // A page of the default account does not take the second account's session.
    expect((await me(jarB)).status).toBe(401);

    // A callback naming another account than the one the sign-in was started for is refused.
    const jar = await playwright.request.newContext({ baseURL: appUrl() });
    const startedA = await jar.get("/api/auth/wechat?scope=snsapi_base", { maxRedirects: 0 });
    const state = new URL(locationOf(startedA)).searchParams.get("state");
    const crossed = await jar.get(`/api/auth/wechat/callback?appid=${B.appId}&code=forged&state=${state}`, { maxRedirects: 0 });
    expect(locationOf(crossed)).toContain("/auth/error?reason=state");
    expect((await jar.get(`/api/auth/wechat?appid=wx0000000000000404`, { maxRedirects: 0 })).status()).toBe(404);
    await jar.dispose();
  });

  test("JS-SDK signing for ?appid= uses the second account's AppID and jsapi_ticket", async ({ request }) => {
    const url = `${appUrl()}/shop?from=accounts`;
    const res = await request.get(`/api/jssdk/config?appid=${B.appId}&url=${encodeURIComponent(url)}`);
    expect(res.status(), await res.text()).toBe(200);
    const config = (await res.json()) as { appId: string; timestamp: string; nonceStr: string; signature: string };
    expect(config.appId).toBe(B.appId);
    expect(await simulatorVerifies(request, { ...config, url })).toMatchObject({ ok: true });
    expect((await request.get(`/api/jssdk/config?appid=wx0000000000000404&url=${encodeURIComponent(url)}`)).status()).toBe(404);
  });

  for (const size of ["phone", "desktop"] as const) {
    test(`the 账号 screen lists both accounts with their server URLs, secrets only as 已设置 (${size})`, async ({ browser }) => {
      const page = await newConsolePage(browser, size);
      await signInAt(page, "/admin/accounts");
      const second = page.locator(`[data-testid="account-item"][data-appid="${B.appId}"]`);
      await expect(second).toContainText(B.name);
      await expect(second.getByTestId("account-server-url")).toContainText(`/api/wechat/${B.appId}`);
      await expect(second).toContainText("AppSecret 已设置");
      await expect(page.getByTestId("account-switcher")).toBeVisible();
      expect(await page.content()).not.toContain(B.appSecret);
      await second.getByTestId("account-check").click();
      await expect(second.getByTestId("account-checks")).toContainText("access_token");
      // The form refuses a malformed AppID before sending anything.
      await page.getByTestId("account-appId").fill("wx12");
      await page.getByTestId("account-add-submit").click();
      await expect(page.getByTestId("account-add-error")).toContainText("AppID");
      await second.getByTestId("account-edit").click();
      await second.getByTestId("account-edit-token").fill("x");
      await second.getByTestId("account-edit-save").click();
      await expect(second.getByTestId("account-edit-form")).toContainText("Token 是 3–32 位字母或数字");
      await expectAccessible(page, `/admin/accounts (${size})`);
      await shoot(page, `admin-accounts-${size}`);
      await page.context().close();
    });
  }

  test("retiring the account: its server URL answers 404 at once, the console's APIs refuse it", async () => {
    expect((await appCall(`/api/admin/accounts/${B.appId}`, { method: "DELETE" })).status).toBe(200);
    const refused = await push(B.appId, "after retirement", `5${String(Date.now()).padStart(18, "0")}`, "oAfter");
    expect(refused.delivered).toBe(false);
    expect(refused.attempts[0]?.status).toBe(404);
    expect((await appCall(`/api/admin/menu?appid=${B.appId}`)).status).toBe(404);
    // Its sessions stop working at once.
    expect((await jarB.get(`/api/me?appid=${B.appId}`)).status()).toBe(401);
    await jarB.dispose();
    const env = await appCall(`/api/admin/accounts/${(await appCall<{ accounts: Array<{ appId: string; default: boolean }> }>("/api/admin/accounts")).json.accounts.find((a) => a.default)!.appId}`, { method: "DELETE" });
    expect(env.status).toBe(409);
    // The default account is untouched.
    expect((await push(null, "still here", `4${String(Date.now()).padStart(18, "0")}`, "oStill")).reply).toMatchObject({ content: "echo:still here" });
  });
});
