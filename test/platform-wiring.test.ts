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
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../simulator/server";
import { webhookRoute } from "../server/fast-entry";
import { confirmAuthorizationPage } from "./support/sim-authorization-page";
import { B_SECRET, startTwoAccountApp, type TwoAccountApp } from "./support/two-account-app";
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

let started: TwoAccountApp;
let sim: RunningSimulator;
let appUrl: string;
let db: Db;
let wiring: TwoAccountApp["wiring"];
let component: typeof import("@/lib/wiring/component");
let registry: TwoAccountApp["registry"];

beforeAll(async () => {
  // The authorization-event URL's webhook, built on first use (the platform's settings come from the env).
  const events: Webhook = { handle: async (input, ctx) => (await (await import("@/lib/wiring/component")).getAuthorizationEventHandler()).handle(input, ctx) };
  started = await startTwoAccountApp({
    a: A,
    b: { appId: B, appSecret: B_SECRET, token: "tokenB", accountName: "第二个公众号", followers: 4 },
    simulator: (url) => ({ component: { ...PLATFORM, name: "测试平台", eventUrl: `${url}/api/wechat/component`, pushTicketAtStart: false } }),
    env: ({ simUrl }) => ({
      WECHAT_COMPONENT_APP_ID: PLATFORM.componentAppId,
      WECHAT_COMPONENT_APP_SECRET: PLATFORM.componentAppSecret,
      WECHAT_COMPONENT_TOKEN: PLATFORM.token,
      WECHAT_COMPONENT_ENCODING_AES_KEY: PLATFORM.encodingAESKey,
      WECHAT_COMPONENT_LOGIN_PAGE_URL: `${simUrl}/cgi-bin/componentloginpage`,
    }),
    routes: (route) => ({ "/api/wechat/component": webhookRoute({ webhook: () => events, ...route }) }),
  });
  ({ sim, appUrl, db, wiring, registry } = started);
  component = await import("@/lib/wiring/component");
  await fetch(`${sim.url}/__sim/component/ticket`, { method: "POST" });
  await until(async () => (await db.componentTicket.count({ where: { componentAppId: PLATFORM.componentAppId } })) === 1);
});

afterAll(async () => started?.close());

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
    const callback = (await confirmAuthorizationPage(sim.url, url, B, [1, 2, 4, 7, 15])).href;
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

  it("is checked on the 账号 screen with the platform's side: the ticket's age, its authorization and permission sets, its authorizer token", async () => {
    const { checkAccount } = await import("@/lib/wiring/accounts-admin");
    const checks = (await checkAccount(B))!;
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ["token", "ok"],
      ["aes key", "ok"],
      ["component ticket", "ok"],
      ["authorization", "ok"],
      ["access_token", "ok"],
      ["callback ips", "ok"],
      ["server url", "ok"],
    ]);
    expect(checks.find((c) => c.name === "component ticket")!.line).toMatch(/^最近一张在 \d+ 分钟前收到 \/ last one received \d+ min ago$/);
    expect(checks.find((c) => c.name === "authorization")!.line).toMatch(/^已授权第三方平台，权限集：消息管理、.* \/ authorized, 5 permission set\(s\)$/);
    for (const secret of [PLATFORM.componentAppSecret, PLATFORM.encodingAESKey, PLATFORM.token]) expect(JSON.stringify(checks)).not.toContain(secret);
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
