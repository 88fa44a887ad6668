/**
 * cgi-bin/qrcode/create, showqrcode, shorten/gen and shorten/fetch, plus the
 * control route the chat UI uses to "scan" a code: WeChat pushes SCAN to a
 * follower and subscribe with `qrscene_<scene>` to anyone else.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/KEY_Shortener.html
 */
import { parseJson, sendJson } from "./http-utils";
import { pushMessage } from "./pusher";
import type { PushMode } from "./pusher-types";
import { QR_PNG, type SimQrCode } from "./qrcode-state";
import { accessTokenError, type JsonResult, type Route, type RouteContext } from "./router";
import { wxError } from "./wechat-errors";

const MAX_EXPIRE = 2_592_000;
const DEFAULT_EXPIRE = 60;
const QR_ERRMSG: Record<number, string> = { 40053: "invalid action info", 40097: "invalid args" };
const fail = (code: number, msg?: string): JsonResult => ({ json: wxError(code, msg ?? QR_ERRMSG[code]) });

async function jsonBody(ctx: RouteContext): Promise<Record<string, unknown> | null> {
  const body = parseJson(await ctx.body());
  return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

/** The scene of a create request, or null when action_info does not fit the action. */
function readScene(action: SimQrCode["actionName"], info: unknown): string | null {
  const scene = (info as { scene?: Record<string, unknown> } | undefined)?.scene;
  if (!scene || typeof scene !== "object") return null;
  if (action === "QR_SCENE" || action === "QR_LIMIT_SCENE") {
    const id = Number(scene.scene_id);
    const max = action === "QR_LIMIT_SCENE" ? 100_000 : 4_294_967_295;
    return Number.isInteger(id) && id >= 1 && id <= max ? String(id) : null;
  }
  const s = scene.scene_str;
  return typeof s === "string" && s.length >= 1 && s.length <= 64 ? s : null;
}

async function create(ctx: RouteContext): Promise<JsonResult> {
  const denied = accessTokenError(ctx);
  if (denied) return { json: denied };
  const body = await jsonBody(ctx);
  if (!body) return fail(47001);
  const action = body.action_name;
  if (action !== "QR_SCENE" && action !== "QR_STR_SCENE" && action !== "QR_LIMIT_SCENE" && action !== "QR_LIMIT_STR_SCENE") {
    return fail(40053, "invalid action name");
  }
  const scene = readScene(action, body.action_info);
  if (scene === null) return fail(40053);
  const permanent = action.startsWith("QR_LIMIT");
  // Like WeChat: 60 s when absent, never more than 30 days.
  const requested = body.expire_seconds === undefined ? DEFAULT_EXPIRE : Number(body.expire_seconds);
  if (!permanent && (!Number.isInteger(requested) || requested < 1)) return fail(40097);
  const expire = Math.min(requested, MAX_EXPIRE);
  const code = ctx.state.qrcodes.issue({ scene, actionName: action, permanent, expiresAt: permanent ? null : ctx.state.now() + expire * 1000 });
  return { json: permanent ? { ticket: code.ticket, url: code.url } : { ticket: code.ticket, expire_seconds: expire, url: code.url } };
}

/** mp.weixin.qq.com/cgi-bin/showqrcode: the image, no access_token; 404 for an unknown or expired ticket. */
function show(ctx: RouteContext): JsonResult | void {
  const code = ctx.state.qrcodes.valid(ctx.query.get("ticket") ?? "");
  if (!code) return { json: { error: "ticket not found or expired" }, status: 404 };
  ctx.res.writeHead(200, { "content-type": "image/png", "content-length": QR_PNG.length });
  ctx.res.end(QR_PNG);
}

async function shortenGen(ctx: RouteContext): Promise<JsonResult> {
  const denied = accessTokenError(ctx);
  if (denied) return { json: denied };
  const body = await jsonBody(ctx);
  if (!body) return fail(47001);
  const data = body.long_data;
  const expire = body.expire_seconds === undefined ? MAX_EXPIRE : Number(body.expire_seconds);
  if (typeof data !== "string" || data === "" || Buffer.byteLength(data) > 4096) return fail(40097, "invalid args: long_data");
  if (!Number.isInteger(expire) || expire < 1 || expire > MAX_EXPIRE) return fail(40097, "invalid args: expire_seconds");
  return { json: { errcode: 0, errmsg: "ok", short_key: ctx.state.qrcodes.shorten(data, expire) } };
}

async function shortenFetch(ctx: RouteContext): Promise<JsonResult> {
  const denied = accessTokenError(ctx);
  if (denied) return { json: denied };
  const body = await jsonBody(ctx);
  const entry = ctx.state.qrcodes.fetchShort(String(body?.short_key ?? ""));
  if (!entry) return fail(40097, "invalid args: short_key not found or expired");
  const now = ctx.state.now();
  return {
    json: {
      errcode: 0,
      errmsg: "ok",
      long_data: entry.longData,
      create_time: Math.floor(entry.createdAt / 1000),
      expire_seconds: Math.max(0, Math.floor((entry.expiresAt - now) / 1000)),
    },
  };
}

/** Control API: `{ ticket, openid? }` → the push WeChat makes when that user scans the code. */
async function scan(ctx: RouteContext): Promise<JsonResult> {
  const input = parseJson(await ctx.body()) as { ticket?: string; openid?: string; mode?: PushMode } | null;
  const code = ctx.state.qrcodes.valid(String(input?.ticket ?? ""));
  if (!code) return { json: { error: "unknown or expired ticket" }, status: 404 };
  const openid = input?.openid || ctx.state.config.oauthUser;
  const user = ctx.state.users.get(openid);
  if (!user) return { json: { error: "unknown openid" }, status: 404 };
  code.scans++;
  const mode = input?.mode && ["plaintext", "compatible", "safe"].includes(input.mode) ? { mode: input.mode } : {};
  if (user.subscribe === 1) {
    return { json: await pushMessage(ctx.state, { openid, ...mode, message: { type: "SCAN", scene: code.scene, ticket: code.ticket, from: openid } }) };
  }
  // Following by scanning: the user becomes a follower with this scene.
  user.subscribe = 1;
  user.subscribeTime = Math.floor(ctx.state.now() / 1000);
  user.subscribeScene = "ADD_SCENE_QR_CODE";
  if (/^\d+$/.test(code.scene) && code.actionName.endsWith("_SCENE") && !code.actionName.includes("STR")) user.qrScene = Number(code.scene);
  else user.qrSceneStr = code.scene;
  return { json: await pushMessage(ctx.state, { openid, ...mode, message: { type: "subscribe", qrScene: code.scene, ticket: code.ticket, from: openid } }) };
}

function list(ctx: RouteContext): void {
  const items = [...ctx.state.qrcodes.codes.values()].map(({ ticket, scene, permanent, expiresAt, scans }) => ({ ticket, scene, permanent, expiresAt, scans }));
  sendJson(ctx.res, { items });
}

export const qrcodeRoutes: Route[] = [
  { method: "POST", path: "/cgi-bin/qrcode/create", endpoint: "cgi-bin/qrcode/create", handler: create },
  { method: "GET", path: "/cgi-bin/showqrcode", endpoint: "showqrcode", handler: show },
  { method: "POST", path: "/cgi-bin/shorten/gen", endpoint: "cgi-bin/shorten/gen", handler: shortenGen },
  { method: "POST", path: "/cgi-bin/shorten/fetch", endpoint: "cgi-bin/shorten/fetch", handler: shortenFetch },
  { method: "GET", path: "/__sim/qrcodes", handler: list },
  { method: "POST", path: "/__sim/qrcodes/scan", handler: scan },
];
