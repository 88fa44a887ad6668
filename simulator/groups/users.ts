/**
 * Follower and customer-service APIs: cgi-bin/user/get, user/info,
 * user/info/batchget and message/custom/send.
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Getting_a_User_List.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 */
import { parseJson } from "./http-utils";
import { takeCustomQuota } from "./kf-state";
import { accessTokenError, type JsonResult, type Route, type RouteContext } from "./router";
import type { SimulatorState } from "./state";
import { isWellFormedOpenid, type SimUser } from "./users";
import { wxError } from "./wechat-errors";

const BATCH_LIMIT = 100;
const WINDOW_MS = 48 * 3600_000;
const MSG_TYPES = new Set(["text", "image", "voice", "video", "music", "news", "mpnews", "mpnewsarticle", "msgmenu", "wxcard", "miniprogrampage"]);

/** user/info fields; no nickname/headimgurl since 2021-12-27. */
export function userInfo(user: SimUser | undefined, openid: string): Record<string, unknown> {
  if (!user || user.subscribe === 0) {
    return user?.unionid ? { subscribe: 0, openid, unionid: user.unionid } : { subscribe: 0, openid };
  }
  return {
    subscribe: 1,
    openid,
    language: "zh_CN",
    subscribe_time: user.subscribeTime,
    ...(user.unionid ? { unionid: user.unionid } : {}),
    remark: user.remark,
    groupid: user.tagidList[0] ?? 0,
    tagid_list: [...user.tagidList],
    subscribe_scene: user.subscribeScene,
    qr_scene: user.qrScene,
    qr_scene_str: user.qrSceneStr,
  };
}

function userGet(ctx: RouteContext): JsonResult {
  const error = accessTokenError(ctx);
  if (error) return { json: error };
  const followers = ctx.state.users.followers();
  const next = ctx.query.get("next_openid") ?? "";
  let start = 0;
  if (next !== "") {
    const index = followers.findIndex((u) => u.openid === next);
    if (index < 0) return { json: wxError(40003) };
    start = index + 1;
  }
  const page = followers.slice(start, start + ctx.state.config.pageSize);
  const more = start + page.length < followers.length;
  const body: Record<string, unknown> = { total: followers.length, count: page.length };
  // Like WeChat, an empty page has no `data` at all.
  if (page.length > 0) body.data = { openid: page.map((u) => u.openid) };
  body.next_openid = more ? (page[page.length - 1]?.openid ?? "") : "";
  return { json: body };
}

function infoOne(ctx: RouteContext): JsonResult {
  const error = accessTokenError(ctx);
  if (error) return { json: error };
  const openid = ctx.query.get("openid") ?? "";
  if (!isWellFormedOpenid(openid)) return { json: wxError(40003) };
  return { json: userInfo(ctx.state.users.get(openid), openid) };
}

async function jsonBody(ctx: RouteContext): Promise<Record<string, unknown> | number> {
  const text = await ctx.body();
  if (text.trim() === "") return 44002;
  const body = parseJson(text);
  return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : 47001;
}

async function batchGet(ctx: RouteContext): Promise<JsonResult> {
  const error = accessTokenError(ctx);
  if (error) return { json: error };
  const body = await jsonBody(ctx);
  if (typeof body === "number") return { json: wxError(body) };
  const list = body.user_list;
  if (!Array.isArray(list)) return { json: wxError(47001) };
  // WeChat allows 1..100 openids per call.
  if (list.length === 0 || list.length > BATCH_LIMIT) return { json: wxError(40032) };
  const openids: string[] = [];
  for (const item of list) {
    const openid = item && typeof item === "object" ? (item as Record<string, unknown>).openid : undefined;
    if (typeof openid !== "string" || !isWellFormedOpenid(openid)) return { json: wxError(40003) };
    openids.push(openid);
  }
  return { json: { user_info_list: openids.map((openid) => userInfo(ctx.state.users.get(openid), openid)) } };
}

function contentError(msgtype: string, body: Record<string, unknown>): number | null {
  const part = body[msgtype];
  const obj = part && typeof part === "object" ? (part as Record<string, unknown>) : undefined;
  if (msgtype === "text") return typeof obj?.content === "string" && obj.content !== "" ? null : 44004;
  if (["image", "voice", "mpnews"].includes(msgtype)) return typeof obj?.media_id === "string" && obj.media_id !== "" ? null : 40007;
  return obj ? null : 47001;
}

/** Whether the user wrote within the last 48 hours (the customer-service window). */
export function inServiceWindow(state: SimulatorState, user: SimUser): boolean {
  return user.lastInboundAt !== undefined && state.now() - user.lastInboundAt <= WINDOW_MS;
}

async function customSend(ctx: RouteContext): Promise<JsonResult> {
  const error = accessTokenError(ctx);
  if (error) return { json: error };
  const body = await jsonBody(ctx);
  if (typeof body === "number") return { json: wxError(body) };
  const { state } = ctx;
  const touser = typeof body.touser === "string" ? body.touser : "";
  const user = state.users.get(touser);
  if (!isWellFormedOpenid(touser) || !user) return { json: wxError(40003) };
  const msgtype = typeof body.msgtype === "string" ? body.msgtype : "";
  if (!MSG_TYPES.has(msgtype)) return { json: wxError(40008) };
  const invalid = contentError(msgtype, body);
  if (invalid) return { json: wxError(invalid) };
  if (user.subscribe === 0 || (state.config.enforce48hWindow && !inServiceWindow(state, user))) {
    return { json: wxError(45015) };
  }
  // The per-interaction quota (kf-state.ts) goes with the window: both off when the window is.
  const quota = state.config.enforce48hWindow ? takeCustomQuota(state, user) : null;
  if (quota) return { json: wxError(quota) };
  const message = { id: state.id(), at: state.now(), touser, msgtype, body };
  state.customMessages.push(message);
  if (state.customMessages.length > 1000) state.customMessages.splice(0, state.customMessages.length - 1000);
  const part = body[msgtype] as Record<string, unknown>;
  const text = msgtype === "text" ? String(part.content) : `[${msgtype}]`;
  state.addConversation({ openid: touser, role: "custom", kind: msgtype, text, payload: part });
  return { json: { errcode: 0, errmsg: "ok" } };
}

export const apiRoutes: Route[] = [
  { method: "GET", path: "/cgi-bin/user/get", endpoint: "cgi-bin/user/get", handler: userGet },
  { method: "GET", path: "/cgi-bin/user/info", endpoint: "cgi-bin/user/info", handler: infoOne },
  { method: "POST", path: "/cgi-bin/user/info/batchget", endpoint: "cgi-bin/user/info/batchget", handler: batchGet },
  { method: "POST", path: "/cgi-bin/message/custom/send", endpoint: "cgi-bin/message/custom/send", handler: customSend },
];
