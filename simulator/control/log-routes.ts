/** Read-only views for the UI and tests: users, conversations, logs, avatars. */
import { inServiceWindow } from "./api-routes";
import { sendText } from "./http-utils";
import type { JsonResult, Route, RouteContext } from "./router";
import { avatarSvg } from "./ui/avatar";

function since(ctx: RouteContext): number {
  const value = Number(ctx.query.get("since") ?? 0);
  return Number.isFinite(value) ? value : 0;
}

function users(ctx: RouteContext): JsonResult {
  const { state } = ctx;
  return {
    json: {
      users: state.users.all.map((u) => ({
        openid: u.openid, nickname: u.nickname, subscribe: u.subscribe, unionid: u.unionid ?? null,
        color: u.color, lastInboundAt: u.lastInboundAt ?? null, inServiceWindow: inServiceWindow(state, u),
      })),
    },
  };
}

function conversation(ctx: RouteContext): JsonResult {
  const openid = ctx.query.get("openid");
  const after = since(ctx);
  const entries = ctx.state.conversation.filter((e) => e.id > after && (!openid || e.openid === openid));
  return { json: { entries } };
}

function avatar(ctx: RouteContext): void {
  const user = ctx.state.users.get(ctx.params.openid ?? "");
  const size = Number(ctx.params.size ?? 132) || 132;
  const svg = avatarSvg(user?.nickname ?? "微", user?.color ?? "#B2B2B2", Math.min(Math.max(size, 16), 640));
  sendText(ctx.res, svg, "image/svg+xml; charset=utf-8", 200, true);
}

export const dataRoutes: Route[] = [
  { method: "GET", path: "/__sim/users", handler: users },
  { method: "GET", path: "/__sim/conversation", handler: conversation },
  { method: "GET", path: "/__sim/api-log", handler: (ctx) => ({ json: { entries: ctx.state.apiLog.filter((e) => e.id > since(ctx)) } }) },
  { method: "GET", path: "/__sim/pushes", handler: (ctx) => ({ json: { pushes: ctx.state.pushes } }) },
  { method: "GET", path: "/__sim/custom-messages", handler: (ctx) => ({ json: { messages: ctx.state.customMessages } }) },
  {
    method: "DELETE", path: "/__sim/custom-messages",
    handler: (ctx) => {
      ctx.state.customMessages = [];
      return { json: { ok: true } };
    },
  },
  // `/__sim/avatar/<openid>.svg`, and `/__sim/avatar/<openid>/<size>` as headimgurl uses (WeChat's /0 /46 /64 /96 /132 suffix).
  { method: "GET", path: /^\/__sim\/avatar\/(?<openid>[A-Za-z0-9_-]+)(?:\.svg|\/(?<size>\d+))$/, handler: avatar },
];
