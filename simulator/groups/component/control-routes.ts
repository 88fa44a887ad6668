/**
 * The simulator's own routes for the open platform (`/__sim/component*`): the platform's
 * registration (what it would fill in on open.weixin.qq.com), a ticket pushed now, an account
 * withdrawing its authorization, and what was pushed. Never a secret, ticket or token value.
 */
import { bad, controlObject } from "../../core/control-input";
import type { ComponentOptions } from "../../core/options";
import type { JsonResult, Route, RouteContext } from "../../core/router";
import { pushAuthorizationEvent, pushTicket, startTicketLoop } from "./events";
import { RELEASE_TEST_ACCOUNT, runReleaseTests } from "./release-test";
import { normalizeComponent } from "./config";
import { componentState, type ComponentState } from "./state";

/** What the control API shows of the platform: no secret, token, key, ticket or refresh token. */
export function describeComponent(component: ComponentState): Record<string, unknown> {
  const config = component.config;
  return {
    configured: config !== undefined,
    ...(config
      ? {
          componentAppId: config.componentAppId,
          name: config.name,
          eventUrl: config.eventUrl ?? null,
          messageUrl: config.messageUrl ?? null,
          ticketIntervalMs: config.ticketIntervalMs,
          timeScale: config.timeScale,
        }
      : {}),
    hasTicket: component.hasTicket(),
    ticketsPushed: component.ticketsPushed,
    authorizers: component.authorized().map((r) => ({ appId: r.authorizerAppId, authTime: r.authTime, funcInfo: r.funcInfo, messageUrl: component.messageUrlFor(r.authorizerAppId) ?? null })),
  };
}

/** Registers (or changes) the platform; starts the ticket pushes when it has an event URL. */
async function configure(ctx: RouteContext): Promise<JsonResult> {
  const input = await controlObject(ctx);
  if (!input) return bad("body must be a JSON object");
  const component = ctx.state.shared(componentState);
  const merged = { ...(component.config ?? {}), ...input } as ComponentOptions;
  const config = normalizeComponent(merged);
  if (typeof config === "string") return bad(config);
  component.config = config;
  startTicketLoop(component);
  if (input.pushTicket === true) await pushTicket(component);
  return { json: describeComponent(component) };
}

async function ticketNow(ctx: RouteContext): Promise<JsonResult> {
  const component = ctx.state.shared(componentState);
  if (!component.config) return bad("no third-party platform configured", 409);
  return { json: await pushTicket(component) };
}

/** The account's administrator withdraws the authorization (公众平台 → 授权管理 → 取消授权). */
async function unauthorize(ctx: RouteContext): Promise<JsonResult> {
  const input = await controlObject(ctx);
  const appId = typeof input?.appId === "string" ? input.appId : "";
  const component = ctx.state.shared(componentState);
  if (!component.unauthorize(appId)) return bad(`account ${appId || "(none)"} has not authorized the platform`, 404);
  return { json: { ok: true, push: await pushAuthorizationEvent(component, { infoType: "unauthorized", authorizerAppId: appId }) } };
}

/** Runs WeChat's 全网发布 test cases against the platform's message URL and reports each. */
async function releaseTest(ctx: RouteContext): Promise<JsonResult> {
  const input = await controlObject(ctx);
  const component = ctx.state.shared(componentState);
  if (!component.config) return bad("no third-party platform configured", 409);
  if (!component.messageUrlFor(RELEASE_TEST_ACCOUNT.appId)) return bad("the platform has no message URL (set eventUrl or messageUrl)", 409);
  const waitMs = input?.waitMs ?? 5000;
  if (!Number.isSafeInteger(waitMs) || (waitMs as number) < 0 || (waitMs as number) > 60_000) return bad("waitMs must be 0..60000");
  return { json: await runReleaseTests(ctx.state, component, waitMs as number) };
}

export const componentControlRoutes: Route[] = [
  { method: "GET", path: "/__sim/component", handler: (ctx) => ({ json: describeComponent(ctx.state.shared(componentState)) }) },
  { method: "POST", path: "/__sim/component", handler: configure },
  { method: "POST", path: "/__sim/component/ticket", handler: ticketNow },
  { method: "POST", path: "/__sim/component/unauthorize", handler: unauthorize },
  { method: "POST", path: "/__sim/component/release-test", handler: releaseTest },
  { method: "GET", path: "/__sim/component/pushes", handler: (ctx) => ({ json: { pushes: ctx.state.shared(componentState).pushes } }) },
];
