/** Read-only views for the UI and tests: conversations, logs, avatars. */
import { sendText } from "../core/http";
import type { JsonResult, Route, RouteContext } from "../core/router";
import { avatarSvg } from "../ui/avatar";

function since(ctx: RouteContext): number {
  const value = Number(ctx.query.get("since") ?? 0);
  return Number.isFinite(value) ? value : 0;
}

function conversation(ctx: RouteContext): JsonResult {
  const openid = ctx.query.get("openid");
  const after = since(ctx);
  const entries = ctx.state.conversation.filter((e) => e.id > after && (!openid || e.openid === openid));
  return { json: { entries } };
}

const OPENID = /^[A-Za-z0-9_-]+$/;

/** An avatar drawn from the user's nickname and colour (any openid gets one). */
function avatar(ctx: RouteContext, openid: string, size: number): JsonResult | void {
  if (!OPENID.test(openid)) return { json: { error: "not found", path: ctx.url.pathname }, status: 404 };
  const user = ctx.state.accounts().map((account) => account.users.get(openid)).find((u) => u !== undefined);
  const svg = avatarSvg(user?.nickname ?? "微", user?.color ?? "#B2B2B2", Math.min(Math.max(size || 132, 16), 640));
  sendText(ctx.res, svg, "image/svg+xml; charset=utf-8", 200, true);
}

export const logRoutes: Route[] = [
  { method: "GET", path: "/__sim/conversation", handler: conversation },
  { method: "GET", path: "/__sim/api-log", handler: (ctx) => ({ json: { entries: ctx.state.apiLog.filter((e) => e.id > since(ctx)) } }) },
  { method: "GET", path: "/__sim/pushes", handler: (ctx) => ({ json: { pushes: ctx.state.pushes } }) },
  // `/__sim/avatar/<openid>.svg`, and `/__sim/avatar/<openid>/<size>` as headimgurl uses (WeChat's /0 /46 /64 /96 /132 suffix).
  {
    method: "GET", path: "/__sim/avatar/:file",
    handler: (ctx) => (ctx.params.file?.endsWith(".svg") ? avatar(ctx, ctx.params.file.slice(0, -4), 132) : { json: { error: "not found", path: ctx.url.pathname }, status: 404 }),
  },
  {
    method: "GET", path: "/__sim/avatar/:openid/:size",
    handler: (ctx) => (/^\d+$/.test(ctx.params.size ?? "") ? avatar(ctx, ctx.params.openid ?? "", Number(ctx.params.size)) : { json: { error: "not found", path: ctx.url.pathname }, status: 404 }),
  },
];
