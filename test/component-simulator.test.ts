/**
 * lib/wechat/component against the simulator over HTTP: the library and the simulator are
 * written separately from WeChat's docs, so this is where a disagreement between them shows —
 * the ticket arriving at the event handler, the component token, the authorization page and
 * its code, the authorizer's client on an ordinary API group, withdrawal, and OAuth on the
 * account's behalf.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryAuthorizerStore } from "@wxmp/wechat/component/authorizer-store";
import { createAuthorizationEventHandler } from "@wxmp/wechat/component/event-handler";
import { exchangeCodeAsComponent } from "@wxmp/wechat/component/oauth";
import { createComponentPlatform, type ComponentPlatform } from "@wxmp/wechat/component/platform";
import { createMemoryComponentTicketStore } from "@wxmp/wechat/component/ticket-store";
import { createMemoryCredentialStore } from "@wxmp/wechat/token/store";
import { getFollowers } from "@wxmp/wechat/api/users";
import { toWebhookInput } from "@wxmp/wechat/webhook/web-adapter";
import { COMPONENT, SECOND_ACCOUNT } from "@/simulator/testing/component-support";
import { startTestSimulator } from "@/simulator/testing/test-support";
import type { RunningSimulator } from "@/simulator/server";

let sim: RunningSimulator;
let server: http.Server;
let platform: ComponentPlatform;
const late: Promise<unknown>[] = [];
const tickets = createMemoryComponentTicketStore();
const authorizers = createMemoryAuthorizerStore();

/** The platform's event URL: node's request as a Web Request into the library's handler. */
async function startEventUrl(): Promise<string> {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: req.method, body: Buffer.concat(chunks) });
      const handler = createAuthorizationEventHandler({ platform, waitUntil: (p) => void late.push(p) });
      void handler.handle(toWebhookInput(request)).then((out) => {
        res.writeHead(out.status, out.headers);
        res.end(out.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/wechat/component`;
}

async function until(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  const eventUrl = await startEventUrl();
  sim = await startTestSimulator({ component: { ...COMPONENT, eventUrl }, accounts: [SECOND_ACCOUNT] });
  platform = createComponentPlatform({
    componentAppId: COMPONENT.componentAppId,
    componentAppSecret: COMPONENT.componentAppSecret,
    token: COMPONENT.token,
    encodingAESKey: COMPONENT.encodingAESKey,
    tickets,
    authorizers,
    store: createMemoryCredentialStore(),
    http: { baseUrl: sim.url },
    authorizationPages: { pc: `${sim.url}/cgi-bin/componentloginpage`, mobile: `${sim.url}/wxaopen/safe/bindcomponent` },
  });
});

afterAll(async () => {
  await Promise.allSettled(late);
  await sim?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe("the library's third-party platform against the simulator", () => {
  it("keeps the pushed ticket, authorizes an account on the page, acts for it, and forgets it when it withdraws", async () => {
    await until(async () => (await tickets.get(COMPONENT.componentAppId)) != null);
    const url = new URL(await platform.createAuthorizationUrl({ redirectUri: "http://localhost:3000/console/accounts/callback" }));
    expect(url.origin + url.pathname).toBe(`${sim.url}/cgi-bin/componentloginpage`);
    const loginPage = await (await fetch(url)).text();
    expect(loginPage).toContain(`data-appid="${SECOND_ACCOUNT.appId}"`);

    const form = new URLSearchParams({
      component_appid: url.searchParams.get("component_appid") ?? "",
      pre_auth_code: url.searchParams.get("pre_auth_code") ?? "",
      redirect_uri: url.searchParams.get("redirect_uri") ?? "",
      authorizer_appid: SECOND_ACCOUNT.appId,
    });
    for (const id of [1, 2, 4, 15]) form.append("func", String(id));
    const confirmed = await fetch(`${sim.url}/cgi-bin/componentloginpage/confirm`, { method: "POST", body: form, redirect: "manual" });
    const callback = new URL(confirmed.headers.get("location") ?? "");
    const outcome = await platform.completeAuthorization(callback.searchParams.get("auth_code") ?? "");
    expect(outcome).toMatchObject({ authorizerAppId: SECOND_ACCOUNT.appId, hasRefreshToken: true });
    expect(outcome.funcInfo).toEqual([1, 2, 4, 15]);

    // The authorizer's client is an ordinary client: the users group answers with the second account's followers.
    const page = await getFollowers(platform.authorizerClient(SECOND_ACCOUNT.appId));
    expect(page.total).toBe(sim.state.account(SECOND_ACCOUNT.appId)?.users.followers().length);
    expect(page.openids).toContain(sim.state.account(SECOND_ACCOUNT.appId)?.users.followers()[0]?.openid);

    // OAuth on the account's behalf: the callback's code exchanged with the component token.
    const authorize = new URLSearchParams({ appid: SECOND_ACCOUNT.appId, redirect_uri: "http://localhost/cb", response_type: "code", scope: "snsapi_base", state: "x", component_appid: COMPONENT.componentAppId });
    const redirected = new URL((await fetch(`${sim.url}/connect/oauth2/authorize?${authorize}`, { redirect: "manual" })).headers.get("location") ?? "");
    expect(redirected.searchParams.get("appid")).toBe(SECOND_ACCOUNT.appId);
    const user = await exchangeCodeAsComponent(platform, { appId: SECOND_ACCOUNT.appId, code: redirected.searchParams.get("code") ?? "" });
    expect(user).toMatchObject({ openid: sim.state.account(SECOND_ACCOUNT.appId)?.users.all[0]?.openid });

    // Withdrawal: the event handler forgets the account at once. (The event's CreateTime has whole
    // seconds and the library orders status changes by time: a withdrawal stamped within the same
    // second as the authorization is taken as older than it, so step past that second first.)
    await new Promise((r) => setTimeout(r, 1100));
    await fetch(`${sim.url}/__sim/component/unauthorize`, { method: "POST", body: JSON.stringify({ appId: SECOND_ACCOUNT.appId }) });
    await until(async () => (await authorizers.get(COMPONENT.componentAppId, SECOND_ACCOUNT.appId))?.status === "unauthorized");
    await expect(getFollowers(platform.authorizerClient(SECOND_ACCOUNT.appId))).rejects.toMatchObject({ code: "WECHAT_AUTHORIZATION_REQUIRED" });
  });
});
