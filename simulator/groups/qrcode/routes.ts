/**
 * cgi-bin/qrcode/create, showqrcode, shorten/gen and shorten/fetch.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/KEY_Shortener.html
 */
import { accessToken, fail, noCredential, ok, routesFor, type AccountContext, type JsonObject } from "../../core/api-route";
import type { Answer, JsonResult, Route, RouteContext } from "../../core/router";
import { QR_PNG, qrcodeState, type SimQrCode } from "./state";

const MAX_EXPIRE = 2_592_000;
const DEFAULT_EXPIRE = 60;

/** The scene of a create request, or null when action_info does not fit the action. */
function readScene(action: SimQrCode["actionName"], info: unknown): string | null {
  const scene = (info as { scene?: JsonObject } | undefined)?.scene;
  if (!scene || typeof scene !== "object") return null;
  if (action === "QR_SCENE" || action === "QR_LIMIT_SCENE") {
    const id = Number(scene.scene_id);
    const max = action === "QR_LIMIT_SCENE" ? 100_000 : 4_294_967_295;
    return Number.isInteger(id) && id >= 1 && id <= max ? String(id) : null;
  }
  const s = scene.scene_str;
  return typeof s === "string" && s.length >= 1 && s.length <= 64 ? s : null;
}

function create(ctx: AccountContext, body: JsonObject): JsonResult {
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
  const code = ctx.account.state(qrcodeState).issue({ scene, actionName: action, permanent, expiresAt: permanent ? null : ctx.account.now() + expire * 1000 });
  return { json: permanent ? { ticket: code.ticket, url: code.url } : { ticket: code.ticket, expire_seconds: expire, url: code.url } };
}

/** mp.weixin.qq.com/cgi-bin/showqrcode: the image, no access_token (the ticket names it); 404 for an unknown or expired ticket. */
function show(ctx: RouteContext): Answer {
  const ticket = ctx.query.get("ticket") ?? "";
  const code = ctx.state.accounts().map((account) => account.state(qrcodeState).valid(ticket)).find((c) => c !== undefined);
  if (!code) return { json: { error: "ticket not found or expired" }, status: 404 };
  ctx.res.writeHead(200, { "content-type": "image/png", "content-length": QR_PNG.length });
  ctx.res.end(QR_PNG);
}

function shortenGen(ctx: AccountContext, body: JsonObject): JsonResult {
  const data = body.long_data;
  const expire = body.expire_seconds === undefined ? MAX_EXPIRE : Number(body.expire_seconds);
  if (typeof data !== "string" || data === "" || Buffer.byteLength(data) > 4096) return fail(40097, "invalid args: long_data");
  if (!Number.isInteger(expire) || expire < 1 || expire > MAX_EXPIRE) return fail(40097, "invalid args: expire_seconds");
  return ok({ short_key: ctx.account.state(qrcodeState).shorten(data, expire) });
}

function shortenFetch(ctx: AccountContext, body: JsonObject): JsonResult {
  const entry = ctx.account.state(qrcodeState).fetchShort(String(body.short_key ?? ""));
  if (!entry) return fail(40097, "invalid args: short_key not found or expired");
  return ok({
    long_data: entry.longData,
    create_time: Math.floor(entry.createdAt / 1000),
    expire_seconds: Math.max(0, Math.floor((entry.expiresAt - ctx.account.now()) / 1000)),
  });
}

const route = routesFor(accessToken);

export const qrcodeRoutes: Route[] = [
  route.post("/cgi-bin/qrcode/create", create),
  routesFor(noCredential).get("/cgi-bin/showqrcode", show, { endpoint: "showqrcode" }),
  route.post("/cgi-bin/shorten/gen", shortenGen),
  route.post("/cgi-bin/shorten/fetch", shortenFetch),
];
