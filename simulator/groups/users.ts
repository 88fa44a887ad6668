/**
 * Followers and customer-service messages: cgi-bin/user/get, user/info, user/info/batchget and
 * message/custom/send (the 48-hour window and the per-interaction quota of kf/state.ts); the
 * control routes list the seeded users, open a user's window and show what custom/send sent.
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Getting_a_User_List.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 */
import type { Account } from "../core/account";
import { accessToken, fail, ok, routesFor, type AccountContext, type JsonObject } from "../core/api-route";
import { unknownAccount } from "../core/control-input";
import type { JsonResult, RouteContext, SimGroup } from "../core/router";
import { isWellFormedOpenid, type SimUser } from "../core/users";
import { takeCustomQuota } from "./kf/state";

const BATCH_LIMIT = 100;
const WINDOW_MS = 48 * 3600_000;
const MESSAGE_LIMIT = 1000;
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

/** Whether the user wrote within the last 48 hours (the customer-service window). */
export function inServiceWindow(account: Account, user: SimUser): boolean {
  return user.lastInboundAt !== undefined && account.now() - user.lastInboundAt <= WINDOW_MS;
}

function userGet(ctx: AccountContext): JsonResult {
  const followers = ctx.account.users.followers();
  const next = ctx.query.get("next_openid") ?? "";
  let start = 0;
  if (next !== "") {
    const index = followers.findIndex((u) => u.openid === next);
    if (index < 0) return fail(40003);
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

function infoOne(ctx: AccountContext): JsonResult {
  const openid = ctx.query.get("openid") ?? "";
  if (!isWellFormedOpenid(openid)) return fail(40003);
  return { json: userInfo(ctx.account.users.get(openid), openid) };
}

function batchGet(ctx: AccountContext, body: JsonObject): JsonResult {
  const list = body.user_list;
  if (!Array.isArray(list)) return fail(47001);
  // WeChat allows 1..100 openids per call.
  if (list.length === 0 || list.length > BATCH_LIMIT) return fail(40032);
  const openids: string[] = [];
  for (const item of list) {
    const openid = item && typeof item === "object" ? (item as JsonObject).openid : undefined;
    if (typeof openid !== "string" || !isWellFormedOpenid(openid)) return fail(40003);
    openids.push(openid);
  }
  return { json: { user_info_list: openids.map((openid) => userInfo(ctx.account.users.get(openid), openid)) } };
}

function contentError(msgtype: string, body: JsonObject): number | null {
  const part = body[msgtype];
  const obj = part && typeof part === "object" ? (part as JsonObject) : undefined;
  if (msgtype === "text") return typeof obj?.content === "string" && obj.content !== "" ? null : 44004;
  if (["image", "voice", "mpnews"].includes(msgtype)) return typeof obj?.media_id === "string" && obj.media_id !== "" ? null : 40007;
  return obj ? null : 47001;
}

function customSend(ctx: AccountContext, body: JsonObject): JsonResult {
  const { state, account } = ctx;
  const touser = typeof body.touser === "string" ? body.touser : "";
  const user = account.users.get(touser);
  if (!isWellFormedOpenid(touser) || !user) return fail(40003);
  const msgtype = typeof body.msgtype === "string" ? body.msgtype : "";
  if (!MSG_TYPES.has(msgtype)) return fail(40008);
  const invalid = contentError(msgtype, body);
  if (invalid) return fail(invalid);
  if (user.subscribe === 0 || (state.config.enforce48hWindow && !inServiceWindow(account, user))) return fail(45015);
  // The per-interaction quota (kf/state.ts) goes with the window: both off when the window is.
  const quota = state.config.enforce48hWindow ? takeCustomQuota(state, account, user) : null;
  if (quota) return fail(quota);
  state.customMessages.push({ id: state.id(), at: state.now(), touser, msgtype, body });
  if (state.customMessages.length > MESSAGE_LIMIT) state.customMessages.splice(0, state.customMessages.length - MESSAGE_LIMIT);
  const part = body[msgtype] as JsonObject;
  const text = msgtype === "text" ? String(part.content) : `[${msgtype}]`;
  state.addConversation({ openid: touser, role: "custom", kind: msgtype, text, payload: part });
  return ok();
}

/** Control: the seeded users of the account (openid, nickname, subscribe, unionid, window). */
function seeded(ctx: RouteContext): JsonResult {
  const account = ctx.state.controlAccount(ctx.query);
  if (!account) return unknownAccount(ctx);
  const users = account.users.all.map((u) => ({
    openid: u.openid, nickname: u.nickname, subscribe: u.subscribe, unionid: u.unionid ?? null,
    color: u.color, lastInboundAt: u.lastInboundAt ?? null, inServiceWindow: inServiceWindow(account, u),
  }));
  return { json: { users } };
}

/** Control: opens the user's 48-hour window, as a message from them would. */
function markActive(ctx: RouteContext): JsonResult {
  const account = ctx.state.controlAccount(ctx.query);
  if (!account) return unknownAccount(ctx);
  const user = account.markActive(ctx.params.openid ?? "");
  return user ? { json: { ok: true, openid: user.openid, lastInboundAt: user.lastInboundAt } } : { json: { error: "unknown openid" }, status: 404 };
}

const route = routesFor(accessToken);

export const users: SimGroup = {
  name: "users",
  routes: [
    route.get("/cgi-bin/user/get", userGet),
    route.get("/cgi-bin/user/info", infoOne),
    route.post("/cgi-bin/user/info/batchget", batchGet),
    route.post("/cgi-bin/message/custom/send", customSend),
  ],
  controlRoutes: [
    { method: "GET", path: "/__sim/users", handler: seeded },
    { method: "POST", path: "/__sim/users/:openid/active", handler: markActive },
    { method: "GET", path: "/__sim/custom-messages", handler: (ctx) => ({ json: { messages: ctx.state.customMessages } }) },
    {
      method: "DELETE", path: "/__sim/custom-messages",
      handler: (ctx) => {
        ctx.state.customMessages = [];
        return { json: { ok: true } };
      },
    },
  ],
};
