/**
 * The app half of third-party platform mode against the simulator, on the real database stores
 * (SQLite, or PostgreSQL with TEST_DATABASE_URL): the console service's authorization (state
 * checked), the faults the issue lists — no ticket yet on a fresh deployment (503 with an
 * explanation, then a retry works), a lost refresh token (recovered through
 * api_get_authorizer_list), `unauthorized` (tokens dropped at once, nothing answers for the
 * account) — and the platform's status without any secret in it.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSealer } from "@/lib/accounts/seal";
import { AuthorizationCallbackError, createPlatformService, type PlatformService } from "@/lib/console/platform/service";
import { errorResponse } from "@/lib/http/api-response";
import { createPrismaCredentialStore } from "@/lib/stores/prisma-credential-store";
import { COMPONENT, SECOND_ACCOUNT } from "@/simulator/testing/component-support";
import { startTestSimulator } from "@/simulator/testing/test-support";
import type { RunningSimulator } from "@/simulator/server";
import { openTestDb } from "@/test/support/test-db";
import { getFollowers } from "@wxmp/wechat/api/users";
import { createAuthorizationEventHandler } from "@wxmp/wechat/component/event-handler";
import { createComponentPlatform, type ComponentPlatform } from "@wxmp/wechat/component/platform";
import { toWebhookInput } from "@wxmp/wechat/webhook/web-adapter";
import { createPrismaAuthorizerStore, type AuthorizerDirectory } from "@/lib/platform/prisma-authorizer-store";
import { createPrismaComponentTicketStore } from "@/lib/platform/prisma-ticket-store";
import { confirmAuthorizationPage } from "./support/sim-authorization-page";

const opened = openTestDb();
const late: Promise<unknown>[] = [];
let sim: RunningSimulator;
let server: http.Server;
let platform: ComponentPlatform;
let authorizers: AuthorizerDirectory;
let service: PlatformService;
// Each run its own platform AppID, so a shared PostgreSQL needs no cleanup.
const componentAppId = `wxc0${Math.random().toString(16).slice(2, 10).padEnd(8, "0")}c0c0c0`;

async function until(check: () => Promise<boolean>, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  const { db } = await opened;
  authorizers = createPrismaAuthorizerStore(db, createSealer("platform-app-test-key-0123456789-abcdef"));
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: req.method, body: Buffer.concat(chunks) });
      void createAuthorizationEventHandler({ platform, waitUntil: (p) => void late.push(p) })
        .handle(toWebhookInput(request))
        .then((out) => res.writeHead(out.status, out.headers).end(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const eventUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/wechat/component`;
  // A fresh deployment: the platform is registered but WeChat has pushed no ticket yet.
  sim = await startTestSimulator({ component: { ...COMPONENT, componentAppId, eventUrl, pushTicketAtStart: false }, accounts: [SECOND_ACCOUNT] });
  platform = createComponentPlatform({
    componentAppId,
    componentAppSecret: COMPONENT.componentAppSecret,
    token: COMPONENT.token,
    encodingAESKey: COMPONENT.encodingAESKey,
    tickets: createPrismaComponentTicketStore(db),
    authorizers,
    store: createPrismaCredentialStore(db),
    http: { baseUrl: sim.url },
    authorizationPages: { pc: `${sim.url}/cgi-bin/componentloginpage`, mobile: `${sim.url}/wxaopen/safe/bindcomponent` },
  });
  let n = 0;
  service = createPlatformService({
    platform,
    listAuthorizers: () => authorizers.listAll(componentAppId),
    appUrl: "http://localhost:3000",
    now: Date.now,
    newState: () => `state${++n}`.padEnd(64, "0"),
  });
});

afterAll(async () => {
  await Promise.allSettled(late);
  await sim?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await (await opened).db.$disconnect();
});

/** Confirms the simulator's authorization page for `appId`; returns where it sends the browser. */
const confirmOnPage = (link: string, appId: string, funcs: number[]): Promise<URL> => confirmAuthorizationPage(sim.url, link, appId, funcs);

describe("third-party platform mode, the app half", () => {
  it("on a fresh deployment (no ticket yet) explains itself with a 503 and works once the ticket arrives", async () => {
    const before = await service.status();
    expect(before.ticket).toEqual({ present: false });
    const failure = await service.startAuthorization("pc").catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "WECHAT_COMPONENT_TICKET_MISSING", problem: "missing" });
    const response = errorResponse(failure, "test");
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("60");
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe("component_ticket_missing");
    expect(body.message).toContain("component_verify_ticket");
    expect(body.message).toContain("重试");
    // The component token's health records why (the dashboard), with no secret in it.
    expect((await service.status()).token.lastError).toMatch(/component_verify_ticket/);

    // The retry: WeChat's next push arrives, and the same call now works.
    await fetch(`${sim.url}/__sim/component/ticket`, { method: "POST" });
    await until(async () => (await service.status()).ticket.present);
    const { url } = await service.startAuthorization("pc");
    expect(url).toContain(`${sim.url}/cgi-bin/componentloginpage?component_appid=${componentAppId}`);
  });

  it("authorizes an account from the console: the callback's state must match the browser's", async () => {
    const { url, state } = await service.startAuthorization("pc");
    const redirectUri = new URL(new URL(url).searchParams.get("redirect_uri") ?? "");
    expect(redirectUri.pathname).toBe("/api/admin/platform/callback");
    expect(redirectUri.searchParams.get("state")).toBe(state);
    const callback = await confirmOnPage(url, SECOND_ACCOUNT.appId, [1, 2, 4, 15]);
    const query = { authCode: callback.searchParams.get("auth_code"), state: callback.searchParams.get("state") };
    expect(query.state).toBe(state);

    // A callback this browser did not start (no cookie, or another one) is refused before WeChat is asked.
    await expect(service.completeAuthorization(query, null)).rejects.toBeInstanceOf(AuthorizationCallbackError);
    await expect(service.completeAuthorization(query, "state-of-another-browser".padEnd(64, "0"))).rejects.toMatchObject({ reason: "state_mismatch" });
    expect(errorResponse(new AuthorizationCallbackError("state_mismatch"), "test").status).toBe(400);

    const outcome = await service.completeAuthorization(query, state);
    expect(outcome).toMatchObject({ authorizerAppId: SECOND_ACCOUNT.appId, funcInfo: [1, 2, 4, 15], hasRefreshToken: true });
    const status = await service.status();
    expect(status.accounts).toEqual([
      expect.objectContaining({ appId: SECOND_ACCOUNT.appId, status: "authorized", hasRefreshToken: true, funcInfo: expect.arrayContaining([{ id: 15, name: "自定义菜单" }]) }),
    ]);
    // No secret of any kind in what the console is sent.
    const text = JSON.stringify(status);
    const stored = await authorizers.get(componentAppId, SECOND_ACCOUNT.appId);
    const ticket = await platform.tickets.get(componentAppId);
    for (const secret of [stored?.refreshToken, ticket?.ticket, COMPONENT.componentAppSecret]) expect(text).not.toContain(secret as string);
    // The account is an ordinary client.
    const page = await getFollowers(platform.authorizerClient(SECOND_ACCOUNT.appId));
    expect(page.total).toBeGreaterThan(0);
  });

  it("recovers a lost refresh token through api_get_authorizer_list", async () => {
    const { db } = await opened;
    // The refresh token is gone (a restored backup, a bug) and so is the cached token.
    await db.componentAuthorizer.updateMany({ where: { componentAppId, authorizerAppId: SECOND_ACCOUNT.appId }, data: { refreshToken: null } });
    await db.credential.deleteMany({ where: { appId: SECOND_ACCOUNT.appId } });
    const page = await getFollowers(platform.authorizerClient(SECOND_ACCOUNT.appId));
    expect(page.total).toBeGreaterThan(0);
    const row = await db.componentAuthorizer.findUnique({ where: { componentAppId_authorizerAppId: { componentAppId, authorizerAppId: SECOND_ACCOUNT.appId } } });
    expect(row?.refreshToken).toMatch(/^v1\./); // stored again, sealed
    expect((await authorizers.get(componentAppId, SECOND_ACCOUNT.appId))?.refreshToken).toBeTruthy();
  });

  it("drops an account's tokens at once on `unauthorized`, and nothing answers for it afterwards", async () => {
    const { db } = await opened;
    expect(await db.credential.count({ where: { appId: SECOND_ACCOUNT.appId } })).toBeGreaterThan(0);
    // The event's CreateTime has whole seconds: step past the authorization's second.
    await new Promise((r) => setTimeout(r, 1100));
    await fetch(`${sim.url}/__sim/component/unauthorize`, { method: "POST", body: JSON.stringify({ appId: SECOND_ACCOUNT.appId }) });
    await until(async () => (await authorizers.get(componentAppId, SECOND_ACCOUNT.appId))?.status === "unauthorized");
    expect(await db.credential.count({ where: { appId: SECOND_ACCOUNT.appId } })).toBe(0);
    const failure = await getFollowers(platform.authorizerClient(SECOND_ACCOUNT.appId)).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "WECHAT_AUTHORIZATION_REQUIRED", problem: "unauthorized" });
    expect(errorResponse(failure, "test").status).toBe(409);
    const status = await service.status();
    expect(status.accounts).toEqual([expect.objectContaining({ appId: SECOND_ACCOUNT.appId, status: "unauthorized", hasRefreshToken: false })]);
  });
});
