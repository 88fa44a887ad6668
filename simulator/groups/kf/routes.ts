/**
 * Customer-service accounts, sessions and typing: customservice/kfaccount/*,
 * customservice/kfsession/*, cgi-bin/customservice/get*kflist and
 * message/custom/typing, with WeChat's errcodes; sessions push
 * kf_create_session / kf_close_session / kf_switch_session to the app.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Customer_Service_Management.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Session_control.html
 */
import { accessToken, fail, knownUser, ok, routesFor, type AccountContext, type JsonObject } from "../../core/api-route";
import { multipartBoundary, parseMultipart } from "../../core/multipart";
import type { JsonResult, Route } from "../../core/router";
import { KF_ACCOUNT_LIMIT, kfState, pushKfEvent, TYPING_MS, TYPING_WINDOW_MS, waitingUsers, type SimKfAccount } from "./state";

const NICKNAME_MAX = 16;
type Handler = (ctx: AccountContext, body: JsonObject) => JsonResult;

/** `prefix@wechat_id`: the prefix ≤ 10 of [A-Za-z0-9_], the suffix this account's WeChat ID (the original id here). */
function accountFormatOk(ctx: AccountContext, kfAccount: unknown): kfAccount is string {
  if (typeof kfAccount !== "string") return false;
  const m = /^([A-Za-z0-9_]{1,10})@([A-Za-z0-9_-]{1,30})$/.exec(kfAccount);
  return m !== null && m[2] === ctx.account.originalId;
}

function nicknameOk(nickname: unknown): nickname is string {
  return typeof nickname === "string" && nickname.trim() !== "" && [...nickname].length <= NICKNAME_MAX;
}

/** An existing account or the errcode: 65404 malformed, 65401 unknown. */
function existing(ctx: AccountContext, kfAccount: unknown): SimKfAccount | JsonResult {
  if (!accountFormatOk(ctx, kfAccount)) return fail(65404);
  return ctx.account.state(kfState).accounts.get(kfAccount) ?? fail(65401);
}

const add: Handler = (ctx, body) => {
  if (!accountFormatOk(ctx, body.kf_account)) return fail(65404);
  if (!nicknameOk(body.nickname)) return fail(65403);
  const store = ctx.account.state(kfState);
  if (store.accounts.has(body.kf_account)) return fail(65406);
  if (store.accounts.size >= KF_ACCOUNT_LIMIT) return fail(65405);
  store.accounts.set(body.kf_account, { kf_account: body.kf_account, kf_nick: body.nickname, kf_id: store.newKfId(), kf_headimgurl: "", online: false });
  return ok();
};

const update: Handler = (ctx, body) => {
  const kf = existing(ctx, body.kf_account);
  if ("json" in kf) return kf;
  if (!nicknameOk(body.nickname)) return fail(65403);
  kf.kf_nick = body.nickname;
  return ok();
};

function del(ctx: AccountContext): JsonResult {
  const kf = existing(ctx, ctx.query.get("kf_account") ?? "");
  if ("json" in kf) return kf;
  const store = ctx.account.state(kfState);
  store.accounts.delete(kf.kf_account);
  for (const [openid, s] of store.sessions) if (s.kfAccount === kf.kf_account) store.sessions.delete(openid);
  return ok();
}

async function uploadHeadImg(ctx: AccountContext): Promise<JsonResult> {
  const kf = existing(ctx, ctx.query.get("kf_account") ?? "");
  if ("json" in kf) return kf;
  const boundary = multipartBoundary(ctx.req.headers["content-type"]);
  const parts = boundary ? parseMultipart(await ctx.rawBody(), boundary) : null;
  const media = parts?.find((p) => p.name === "media" && p.filename !== undefined);
  if (!media) return fail(41005);
  // WeChat takes the type from the file name's extension; the head image must be a JPEG.
  if (!/\.jpe?g$/i.test(media.filename ?? "")) return fail(40005);
  if (media.data.length < 3 || media.data[0] !== 0xff || media.data[1] !== 0xd8 || media.data[2] !== 0xff) return fail(40005);
  kf.headimg = media.data;
  kf.kf_headimgurl = `${ctx.state.publicUrl}/__sim/kf/headimg/${kf.kf_id}`;
  return ok();
}

function list(ctx: AccountContext): JsonResult {
  const kfList = [...ctx.account.state(kfState).accounts.values()].map((a) => ({
    kf_account: a.kf_account, kf_nick: a.kf_nick, kf_id: a.kf_id, kf_headimgurl: a.kf_headimgurl, ...(a.kf_wx ? { kf_wx: a.kf_wx } : {}),
  }));
  return { json: { kf_list: kfList } };
}

function onlineList(ctx: AccountContext): JsonResult {
  const store = ctx.account.state(kfState);
  const online = [...store.accounts.values()].filter((a) => a.online);
  return {
    json: {
      kf_online_list: online.map((a) => ({ kf_account: a.kf_account, status: 1, kf_id: a.kf_id, accepted_case: store.sessionsOf(a.kf_account).length })),
    },
  };
}

const create: Handler = (ctx, body) => {
  const kf = existing(ctx, body.kf_account);
  if ("json" in kf) return kf;
  const user = knownUser(ctx.account, body.openid);
  if (typeof user === "number") return fail(user);
  if (!kf.kf_wx) return fail(65402);
  if (!kf.online) return fail(65415);
  const store = ctx.account.state(kfState);
  const current = store.sessions.get(user.openid);
  if (current) return current.kfAccount === kf.kf_account ? ok() : fail(65414);
  const now = ctx.account.now();
  store.sessions.set(user.openid, { kfAccount: kf.kf_account, createtime: Math.floor(now / 1000) });
  store.waiting.delete(user.openid);
  store.servedAt.set(user.openid, now);
  pushKfEvent(ctx.state, ctx.account, user.openid, "kf_create_session", { KfAccount: kf.kf_account });
  return ok();
};

const close: Handler = (ctx, body) => {
  const kf = existing(ctx, body.kf_account);
  if ("json" in kf) return kf;
  const user = knownUser(ctx.account, body.openid);
  if (typeof user === "number") return fail(user);
  const store = ctx.account.state(kfState);
  if (store.sessions.get(user.openid)?.kfAccount !== kf.kf_account) return fail(65413);
  store.sessions.delete(user.openid);
  pushKfEvent(ctx.state, ctx.account, user.openid, "kf_close_session", { KfAccount: kf.kf_account });
  return ok();
};

function getSession(ctx: AccountContext): JsonResult {
  const user = knownUser(ctx.account, ctx.query.get("openid"));
  if (typeof user === "number") return fail(user);
  const session = ctx.account.state(kfState).sessions.get(user.openid);
  return { json: { createtime: session?.createtime ?? 0, kf_account: session?.kfAccount ?? "" } };
}

function sessionList(ctx: AccountContext): JsonResult {
  const kf = existing(ctx, ctx.query.get("kf_account") ?? "");
  if ("json" in kf) return kf;
  return { json: { sessionlist: ctx.account.state(kfState).sessionsOf(kf.kf_account) } };
}

function waitCase(ctx: AccountContext): JsonResult {
  const waiting = waitingUsers(ctx.state, ctx.account);
  // WeChat lists the earliest 100 and counts them all.
  return { json: { count: waiting.length, waitcaselist: waiting.slice(0, 100) } };
}

const typing: Handler = (ctx, body) => {
  const user = knownUser(ctx.account, body.touser);
  if (typeof user === "number") return fail(user);
  if (body.command !== "Typing" && body.command !== "CancelTyping") return fail(45072);
  const store = ctx.account.state(kfState);
  const now = ctx.account.now();
  if (body.command === "CancelTyping") {
    store.typing.delete(user.openid);
    return ok();
  }
  if (user.lastInboundAt === undefined || now - user.lastInboundAt > TYPING_WINDOW_MS) return fail(45080);
  if ((store.typing.get(user.openid) ?? 0) > now) return fail(45081);
  store.typing.set(user.openid, now + TYPING_MS);
  return ok();
};

const route = routesFor(accessToken);

export const kfRoutes: Route[] = [
  route.get("/cgi-bin/customservice/getkflist", list),
  route.get("/cgi-bin/customservice/getonlinekflist", onlineList),
  route.post("/customservice/kfaccount/add", add),
  route.post("/customservice/kfaccount/update", update),
  route.get("/customservice/kfaccount/del", del),
  route.upload("/customservice/kfaccount/uploadheadimg", uploadHeadImg),
  route.post("/customservice/kfsession/create", create),
  route.post("/customservice/kfsession/close", close),
  route.get("/customservice/kfsession/getsession", getSession),
  route.get("/customservice/kfsession/getsessionlist", sessionList),
  route.get("/customservice/kfsession/getwaitcase", waitCase),
  route.post("/cgi-bin/message/custom/typing", typing),
];
