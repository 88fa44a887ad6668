/**
 * An authorized account's server URL in platform mode (lib/platform/component-webhook.ts) against
 * the simulator: the 全网发布 release test cases pass (`/__sim/component/release-test`), an
 * account authorized from the authorization page is chatted with through `/api/wechat/{appid}`
 * (the platform's Token and key), and its pushes are refused once it withdraws.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createComponentWebhook } from "@/lib/platform/component-webhook";
import { COMPONENT, SECOND_ACCOUNT } from "@/simulator/testing/component-support";
import { startTestSimulator } from "@/simulator/testing/test-support";
import type { RunningSimulator } from "@/simulator/server";
import { createMemoryAuthorizerStore } from "@wxmp/wechat/component/authorizer-store";
import { createAuthorizationEventHandler } from "@wxmp/wechat/component/event-handler";
import { createComponentPlatform, type ComponentPlatform } from "@wxmp/wechat/component/platform";
import { createMemoryComponentTicketStore } from "@wxmp/wechat/component/ticket-store";
import { text } from "@wxmp/wechat/reply";
import { createMemoryCredentialStore } from "@wxmp/wechat/token/store";
import type { Webhook, WebhookInput } from "@wxmp/wechat/webhook/types";
import { toWebhookInput } from "@wxmp/wechat/webhook/web-adapter";

let sim: RunningSimulator;
let server: http.Server;
let platform: ComponentPlatform;
const late: Promise<unknown>[] = [];
const webhooks = new Map<string, Webhook>();
const waitUntil = (work: Promise<unknown>) => void late.push(work);

/** `/api/wechat/component` → the event handler; `/api/wechat/{appid}` → that account's component webhook. */
function route(path: string): Webhook {
  if (path === "/api/wechat/component") return createAuthorizationEventHandler({ platform, waitUntil });
  const appId = path.split("/").pop() ?? "";
  let webhook = webhooks.get(appId);
  if (!webhook) {
    webhook = createComponentWebhook({
      platform,
      appId,
      onMessage: (msg, ctx) => (msg.type === "text" ? text(`${ctx.account.appId} 收到：${msg.content}`) : null),
      webhook: { waitUntil },
    });
    webhooks.set(appId, webhook);
  }
  return webhook;
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: req.method, body: req.method === "GET" ? undefined : Buffer.concat(chunks) });
      void route(new URL(request.url).pathname)
        .handle(toWebhookInput(request), { waitUntil })
        .then((out) => res.writeHead(out.status, out.headers).end(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sim = await startTestSimulator({ component: { ...COMPONENT, eventUrl: `${origin}/api/wechat/component` }, accounts: [SECOND_ACCOUNT] });
  platform = createComponentPlatform({
    componentAppId: COMPONENT.componentAppId,
    componentAppSecret: COMPONENT.componentAppSecret,
    token: COMPONENT.token,
    encodingAESKey: COMPONENT.encodingAESKey,
    tickets: createMemoryComponentTicketStore(),
    authorizers: createMemoryAuthorizerStore(),
    store: createMemoryCredentialStore(),
    http: { baseUrl: sim.url },
    authorizationPages: { pc: `${sim.url}/cgi-bin/componentloginpage` },
  });
  const deadline = Date.now() + 4000;
  while (!(await platform.tickets.get(COMPONENT.componentAppId)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
});

afterAll(async () => {
  await Promise.allSettled(late);
  await sim?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe("an authorized account's server URL in platform mode", () => {
  it("passes WeChat's 全网发布 release test cases", async () => {
    const report = (await (await fetch(`${sim.url}/__sim/component/release-test`, { method: "POST", body: "{}" })).json()) as {
      passed: boolean;
      cases: Array<{ name: string; passed: boolean; detail: string }>;
    };
    expect(report.cases.map((c) => [c.name, c.passed, c.detail])).toEqual([
      ["event", true, expect.any(String)],
      ["text", true, expect.any(String)],
      ["query_auth_code", true, expect.any(String)],
    ]);
    expect(report.passed).toBe(true);
  });

  it("answers an authorized account's follower with the platform's key, and refuses its pushes once it withdrew", async () => {
    const link = new URL(await platform.createAuthorizationUrl({ redirectUri: "http://localhost:3000/api/admin/platform/callback?state=x" }));
    const form = new URLSearchParams({
      component_appid: link.searchParams.get("component_appid") ?? "",
      pre_auth_code: link.searchParams.get("pre_auth_code") ?? "",
      redirect_uri: link.searchParams.get("redirect_uri") ?? "",
      authorizer_appid: SECOND_ACCOUNT.appId,
    });
    form.append("func", "1");
    const confirmed = await fetch(`${sim.url}/cgi-bin/componentloginpage/confirm`, { method: "POST", body: form, redirect: "manual" });
    await platform.completeAuthorization(new URL(confirmed.headers.get("location") ?? "").searchParams.get("auth_code") ?? "");

    const pushed = (await (
      await fetch(`${sim.url}/__sim/push?appid=${SECOND_ACCOUNT.appId}`, { method: "POST", body: JSON.stringify({ mode: "safe", message: { type: "text", content: "你好" } }) })
    ).json()) as { delivered: boolean; replyErrors: string[]; reply?: { kind: string; content?: string }; attempts: Array<{ url?: string }> };
    expect(pushed).toMatchObject({ delivered: true, replyErrors: [], reply: { kind: "text", content: `${SECOND_ACCOUNT.appId} 收到：你好` } });

    await new Promise((r) => setTimeout(r, 1100)); // past the authorization's second (CreateTime has whole seconds)
    await fetch(`${sim.url}/__sim/component/unauthorize`, { method: "POST", body: JSON.stringify({ appId: SECOND_ACCOUNT.appId }) });
    const deadline = Date.now() + 4000;
    while ((await platform.authorizers.get(COMPONENT.componentAppId, SECOND_ACCOUNT.appId))?.status !== "unauthorized" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    // Whatever arrives for it now (a late retry, a forged push) is refused before it is opened.
    let bodyRead = false;
    const input: WebhookInput = { method: "POST", query: new URLSearchParams(), readBody: async () => ((bodyRead = true), new TextEncoder().encode("<xml/>")) };
    const refused = await route(`/api/wechat/${SECOND_ACCOUNT.appId}`).handle(input);
    expect(refused.status).toBe(403);
    expect(bodyRead).toBe(false);
  });
});
