/**
 * Third-party platform mode through the app's real wiring (lib/wiring/component*.ts,
 * for-account.ts, the registry, the database) behind the fast entry's routes, against the
 * simulator playing the open platform: the console authorizes a second 公众号 (state cookie,
 * callback), which becomes a "component" account; it is chatted with through
 * `/api/wechat/{appid}` (the platform's key), given a menu, signed into by OAuth through the
 * platform and signed for the JS-SDK with its own jsapi_ticket; the 全网发布 release test passes;
 * and when it withdraws, its tokens go, its account is retired and its pushes get 404.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../simulator/server";
import { accountWebhookRoute, createFastEntry, webhookRoute } from "../server/fast-entry";
import { createPendingWork } from "../server/pending-work";
import { openTestDb } from "./support/test-db";
import type { Db } from "@/lib/db/client";
import { createMenu, getMenu } from "@wxmp/wechat/api/menu";
import { createAuthorizationUrl, exchangeCodeForToken } from "@wxmp/wechat/oauth";
import type { Webhook } from "@wxmp/wechat/webhook/types";

// Fresh AppIDs per run: a shared PostgreSQL (TEST_DATABASE_URL) keeps earlier runs' rows.
const A = `wx${randomBytes(8).toString("hex")}`;
const B = `wx${randomBytes(8).toString("hex")}`;
const PLATFORM = {
  componentAppId: `wx${randomBytes(8).toString("hex")}`,
  componentAppSecret: "platform-secret-0123456789abcdef",
  token: "platformtoken",
  encodingAESKey: "PlatformKey0123456789abcdefghijklmnopqrstuv",
};

let sim: RunningSimulator;
let app: http.Server;
let appUrl: string;
let db: Db;
let wiring: typeof import("@/lib/wiring/for-account");
let component: typeof import("@/lib/wiring/component");
let registry: import("@/lib/accounts/registry").AccountRegistry;

beforeAll(async () => {
  const opened = await openTestDb();
  db = opened.db;
  app = http.createServer();
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  sim = await startSimulator({
    appId: A,
    appSecret: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1",
    token: "tokenA",
    port: 0,
    followers: 3,
    webhookUrl: `${appUrl}/api/wechat`,
    accounts: [{ appId: B, appSecret: "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2", token: "tokenB", accountName: "第二个公众号", followers: 4 }],
    component: { ...PLATFORM, name: "测试平台", eventUrl: `${appUrl}/api/wechat/component`, pushTicketAtStart: false },
  });
  Object.assign(process.env, {
    WECHAT_APP_ID: A,
    WECHAT_APP_SECRET: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1",
    WECHAT_TOKEN: "tokenA",
    WECHAT_API_BASE_URL: sim.url,
    WECHAT_OAUTH_BASE_URL: sim.url,
    DATABASE_URL: opened.url,
    SESSION_PASSWORD: "s".repeat(40),
    ACCOUNTS_KEY: "k".repeat(40),
    ADMIN_TOKEN: "admin-token-0123456789",
    APP_URL: appUrl,
    BOT: "test",
    WECHAT_COMPONENT_APP_ID: PLATFORM.componentAppId,
    WECHAT_COMPONENT_APP_SECRET: PLATFORM.componentAppSecret,
    WECHAT_COMPONENT_TOKEN: PLATFORM.token,
    WECHAT_COMPONENT_ENCODING_AES_KEY: PLATFORM.encodingAESKey,
    WECHAT_COMPONENT_LOGIN_PAGE_URL: `${sim.url}/cgi-bin/componentloginpage`,
  });
  wiring = await import("@/lib/wiring/for-account");
  component = await import("@/lib/wiring/component");
  const { getWebhook } = await import("@/lib/wiring/webhook");
  registry = (await import("@/lib/wiring/accounts")).getAccountRegistry();
  const events: Webhook = { handle: async (input, ctx) => (await component.getAuthorizationEventHandler()).handle(input, ctx) };
  const pending = createPendingWork();
  const onError = async (error: unknown) => ({ status: 500, headers: {}, body: String(error) });
  app.on(
    "request",
    createFastEntry({
      routes: {
        "/api/wechat": webhookRoute({ webhook: getWebhook, pending, onError }),
        "/api/wechat/component": webhookRoute({ webhook: () => events, pending, onError }),
      },
      prefixRoutes: { "/api/wechat/": accountWebhookRoute({ lookup: wiring.accountWebhook, pending, onError }) },
      next: (_req, res) => void res.writeHead(404).end("not here"),
    }),
  );
  await fetch(`${sim.url}/__sim/component/ticket`, { method: "POST" });
  await until(async () => (await db.componentTicket.count({ where: { componentAppId: PLATFORM.componentAppId } })) === 1);
});

afterAll(async () => {
  await sim?.close();
  app?.closeAllConnections();
  await new Promise((resolve) => app?.close(resolve));
  await db?.$disconnect();
});

async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

type PushResult = { delivered: boolean; reply: { kind: string; content?: string } | null; replyErrors: string[]; attempts: Array<{ status?: number }> };
async function push(appId: string, content: string, mode: "safe" | "plaintext" = "safe"): Promise<PushResult> {
  const res = await fetch(`${sim.url}/__sim/push?appid=${appId}`, { method: "POST", body: JSON.stringify({ mode, message: { type: "text", content } }) });
  return (await res.json()) as PushResult;
}

describe("a 公众号 authorized to the platform, through the app's wiring", () => {
  it("is authorized from the console: the callback checks the state, then the account exists as kind component", async () => {
    const { url, state } = await (await component.getPlatformService()).startAuthorization("pc");
    const link = new URL(url);
    const form = new URLSearchParams({
      component_appid: link.searchParams.get("component_appid") ?? "",
      pre_auth_code: link.searchParams.get("pre_auth_code") ?? "",
      redirect_uri: link.searchParams.get("redirect_uri") ?? "",
      authorizer_appid: B,
    });
    for (const id of [1, 2, 4, 7, 15]) form.append("func", String(id));
    const confirmed = await fetch(`${sim.url}/cgi-bin/componentloginpage/confirm`, { method: "POST", body: form, redirect: "manual" });
    const callback = confirmed.headers.get("location") ?? "";
    expect(callback.startsWith(`${appUrl}/api/admin/platform/callback?state=${state}&auth_code=`)).toBe(true);

    const forged = await component.answerPlatformCallback(new Request(callback)).catch((error: unknown) => error);
    expect(forged).toMatchObject({ reason: "state_mismatch" });
    const answer = await component.answerPlatformCallback(new Request(callback, { headers: { cookie: `wxmp_platform_state=${state}` } }));
    expect(answer.status).toBe(303);
    expect(answer.headers.get("location")).toBe(`${appUrl}/admin/accounts?authorized=${B}`);
    expect(answer.headers.get("set-cookie")).toContain("Max-Age=0");
    expect(await registry.get(B)).toMatchObject({ appId: B, kind: "component", status: "active", name: "第二个公众号" });
  });

  it("answers its follower at /api/wechat/{appid}, sealed with the platform's key", async () => {
    expect(await push(B, "你好")).toMatchObject({ delivered: true, replyErrors: [], reply: { kind: "text", content: "echo:你好" } });
    // The simulator's chat page for it offers the platform's safe mode, not plaintext.
    const chat = await (await fetch(`${sim.url}/?appid=${B}`)).text();
    expect(chat).toContain('<option value="plaintext" disabled>');
    expect(chat).toContain('<option value="safe" selected>');
    // The env's account is untouched.
    expect(await push(A, "hi A", "plaintext")).toMatchObject({ reply: { content: "echo:hi A" } });
  });

  it("is given a menu with its authorizer token, never the env account's", async () => {
    const client = await (await wiring.forAccount(B))!.client();
    await createMenu(client, { button: [{ type: "click", name: "今日", key: "TODAY" }] });
    expect((await getMenu(client)).menu?.button[0]).toMatchObject({ name: "今日" });
    const rows = await db.credential.findMany({ where: { appId: B }, select: { kind: true } });
    expect(rows.map((r) => r.kind)).toContain("authorizer_access_token");
    expect(rows.map((r) => r.kind)).not.toContain("access_token");
  });

  it("signs its followers in through the platform, and signs its JS-SDK pages with its own jsapi_ticket", async () => {
    const oauth = (await wiring.forAccount(B))!.oauth();
    expect(oauth.component?.componentAppId).toBe(PLATFORM.componentAppId);
    const authorize = new URL(createAuthorizationUrl({ ...oauth, scope: "snsapi_base", state: "s1", componentAppId: oauth.component?.componentAppId }));
    expect(authorize.searchParams.get("component_appid")).toBe(PLATFORM.componentAppId);
    const redirected = new URL((await fetch(authorize, { redirect: "manual" })).headers.get("location") ?? "");
    const user = await exchangeCodeForToken(oauth.http, { appId: B, code: redirected.searchParams.get("code") ?? "", component: oauth.component! });
    expect(sim.state.account(B)?.users.all.map((u) => u.openid)).toContain(user.openid);

    const signed = await (await wiring.forAccount(B))!.signJsSdkPage(`${appUrl}/jssdk`);
    expect(signed).toMatchObject({ ok: true, config: { appId: B } });
    expect(await db.credential.count({ where: { appId: B, kind: "authorizer_jsapi_ticket" } })).toBe(1);
  });

  it("passes WeChat's 全网发布 release test through the real server URL", async () => {
    const report = (await (await fetch(`${sim.url}/__sim/component/release-test`, { method: "POST", body: "{}" })).json()) as { passed: boolean; cases: Array<{ name: string; passed: boolean; detail: string }> };
    expect(report.cases.filter((c) => !c.passed)).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it("when it withdraws: its tokens are dropped, its account retired, its pushes refused", async () => {
    await new Promise((r) => setTimeout(r, 1100)); // past the authorization's second (CreateTime has whole seconds)
    await fetch(`${sim.url}/__sim/component/unauthorize`, { method: "POST", body: JSON.stringify({ appId: B }) });
    await until(async () => (await registry.get(B))?.status === "retired");
    expect(await db.credential.count({ where: { appId: B } })).toBe(0);
    expect(await wiring.forAccount(B)).toBeNull();
    const res = await fetch(`${appUrl}/api/wechat/${B}?signature=x&timestamp=1&nonce=n`, { method: "POST", body: "<xml/>" });
    expect(res.status).toBe(404);
    const status = await (await component.getPlatformService()).status();
    expect(status.accounts.find((a) => a.appId === B)).toMatchObject({ status: "unauthorized", hasRefreshToken: false });
  });
});
