/**
 * Customer-service accounts, sessions and typing: customservice/kfaccount/*,
 * customservice/kfsession/*, cgi-bin/customservice/get*kflist and
 * message/custom/typing, with WeChat's errcodes; sessions push
 * kf_create_session / kf_close_session / kf_switch_session to the app.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Customer_Service_Management.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Session_control.html
 */
import { multipartBoundary, parseMultipart } from "./multipart";
import { accessTokenError, type JsonResult, type Route, type RouteContext } from "./router";
import { jsonObject, knownUser } from "./sim-json";
import { KF_ACCOUNT_LIMIT, kfStore, pushKfEvent, TYPING_MS, TYPING_WINDOW_MS, waitingUsers, type SimKfAccount } from "./kf-state";
import { wxError } from "./wechat-errors";

const NICKNAME_MAX = 16;
const ok = (): JsonResult => ({ json: { errcode: 0, errmsg: "ok" } });
const fail = (code: number, msg?: string): JsonResult => ({ json: wxError(code, msg) });

/** `prefix@wechat_id`: the prefix ≤ 10 of [A-Za-z0-9_], the suffix this account's WeChat ID (the original id here). */
function accountFormatOk(ctx: RouteContext, account: unknown): account is string {
  if (typeof account !== "string") return false;
  const m = /^([A-Za-z0-9_]{1,10})@([A-Za-z0-9_-]{1,30})$/.exec(account);
  return m !== null && m[2] === ctx.state.originalId;
}

function nicknameOk(nickname: unknown): nickname is string {
  return typeof nickname === "string" && nickname.trim() !== "" && [...nickname].length <= NICKNAME_MAX;
}

/** An existing account or the errcode: 65404 malformed, 65401 unknown. */
function existing(ctx: RouteContext, account: unknown): SimKfAccount | JsonResult {
  if (!accountFormatOk(ctx, account)) return fail(65404, "illegal custom service account");
  return kfStore(ctx.state).accounts.get(account) ?? fail(65401, "invalid custom service account");
}

function get(handler: (ctx: RouteContext) => JsonResult): (ctx: RouteContext) => JsonResult {
  return (ctx) => {
    const error = accessTokenError(ctx);
    return error ? { json: error } : handler(ctx);
  };
}

function post(handler: (ctx: RouteContext, body: Record<string, unknown>) => JsonResult): (ctx: RouteContext) => Promise<JsonResult> {
  return async (ctx) => {
    const error = accessTokenError(ctx);
    if (error) return { json: error };
    const body = await jsonObject(ctx);
    return typeof body === "number" ? fail(body) : handler(ctx, body);
  };
}

const add = post((ctx, body) => {
  if (!accountFormatOk(ctx, body.kf_account)) return fail(65404, "illegal custom service account");
  if (!nicknameOk(body.nickname)) return fail(65403, "illegal nickname");
  const store = kfStore(ctx.state);
  if (store.accounts.has(body.kf_account)) return fail(65406, "custom service account exists");
  if (store.accounts.size >= KF_ACCOUNT_LIMIT) return fail(65405, "custom service account number reach limit");
  store.accounts.set(body.kf_account, { kf_account: body.kf_account, kf_nick: body.nickname, kf_id: store.newKfId(), kf_headimgurl: "", online: false });
  return ok();
});

const update = post((ctx, body) => {
  const account = existing(ctx, body.kf_account);
  if ("json" in account) return account;
  if (!nicknameOk(body.nickname)) return fail(65403, "illegal nickname");
  account.kf_nick = body.nickname;
  return ok();
});

const del = get((ctx) => {
  const account = existing(ctx, ctx.query.get("kf_account") ?? "");
  if ("json" in account) return account;
  const store = kfStore(ctx.state);
  store.accounts.delete(account.kf_account);
  for (const [openid, s] of store.sessions) if (s.kfAccount === account.kf_account) store.sessions.delete(openid);
  return ok();
});

async function uploadHeadImg(ctx: RouteContext): Promise<JsonResult> {
  const error = accessTokenError(ctx);
  if (error) return { json: error };
  const account = existing(ctx, ctx.query.get("kf_account") ?? "");
  if ("json" in account) return account;
  const boundary = multipartBoundary(ctx.req.headers["content-type"]);
  const parts = boundary ? parseMultipart(await ctx.rawBody(), boundary) : null;
  const media = parts?.find((p) => p.name === "media" && p.filename !== undefined);
  if (!media) return fail(41005, "media data missing");
  // WeChat takes the type from the file name's extension; the head image must be a JPEG.
  if (!/\.jpe?g$/i.test(media.filename ?? "")) return fail(40005, "invalid file type");
  if (media.data.length < 3 || media.data[0] !== 0xff || media.data[1] !== 0xd8 || media.data[2] !== 0xff) return fail(40005, "invalid file type");
  account.headimg = media.data;
  account.kf_headimgurl = `${ctx.state.publicUrl}/__sim/kf/headimg/${account.kf_id}`;
  return ok();
}

const list = get((ctx) => ({
  json: {
    kf_list: [...kfStore(ctx.state).accounts.values()].map((a) => ({
      kf_account: a.kf_account, kf_nick: a.kf_nick, kf_id: a.kf_id, kf_headimgurl: a.kf_headimgurl, ...(a.kf_wx ? { kf_wx: a.kf_wx } : {}),
    })),
  },
}));

const onlineList = get((ctx) => {
  const store = kfStore(ctx.state);
  const online = [...store.accounts.values()].filter((a) => a.online);
  return {
    json: {
      kf_online_list: online.map((a) => ({ kf_account: a.kf_account, status: 1, kf_id: a.kf_id, accepted_case: store.sessionsOf(a.kf_account).length })),
    },
  };
});

const create = post((ctx, body) => {
  const account = existing(ctx, body.kf_account);
  if ("json" in account) return account;
  const user = knownUser(ctx, body.openid);
  if (typeof user === "number") return fail(user);
  if (!account.kf_wx) return fail(65402, "the custom service account is not bound to a wechat user");
  if (!account.online) return fail(65415, "custom service account is offline");
  const store = kfStore(ctx.state);
  const current = store.sessions.get(user.openid);
  if (current) return current.kfAccount === account.kf_account ? ok() : fail(65414, "the user is being served by another custom service account");
  store.sessions.set(user.openid, { kfAccount: account.kf_account, createtime: Math.floor(ctx.state.now() / 1000) });
  store.waiting.delete(user.openid);
  store.servedAt.set(user.openid, ctx.state.now());
  pushKfEvent(ctx.state, user.openid, "kf_create_session", { KfAccount: account.kf_account });
  return ok();
});

const close = post((ctx, body) => {
  const account = existing(ctx, body.kf_account);
  if ("json" in account) return account;
  const user = knownUser(ctx, body.openid);
  if (typeof user === "number") return fail(user);
  const store = kfStore(ctx.state);
  if (store.sessions.get(user.openid)?.kfAccount !== account.kf_account) return fail(65413, "no session for the user");
  store.sessions.delete(user.openid);
  pushKfEvent(ctx.state, user.openid, "kf_close_session", { KfAccount: account.kf_account });
  return ok();
});

const getSession = get((ctx) => {
  const user = knownUser(ctx, ctx.query.get("openid"));
  if (typeof user === "number") return fail(user);
  const session = kfStore(ctx.state).sessions.get(user.openid);
  return { json: { createtime: session?.createtime ?? 0, kf_account: session?.kfAccount ?? "" } };
});

const sessionList = get((ctx) => {
  const account = existing(ctx, ctx.query.get("kf_account") ?? "");
  if ("json" in account) return account;
  return { json: { sessionlist: kfStore(ctx.state).sessionsOf(account.kf_account) } };
});

const waitCase = get((ctx) => {
  const waiting = waitingUsers(ctx.state);
  // WeChat lists the earliest 100 and counts them all.
  return { json: { count: waiting.length, waitcaselist: waiting.slice(0, 100) } };
});

const typing = post((ctx, body) => {
  const user = knownUser(ctx, body.touser);
  if (typeof user === "number") return fail(user);
  if (body.command !== "Typing" && body.command !== "CancelTyping") return fail(45072, "command invalid");
  const store = kfStore(ctx.state);
  const now = ctx.state.now();
  if (body.command === "CancelTyping") {
    store.typing.delete(user.openid);
    return ok();
  }
  if (user.lastInboundAt === undefined || now - user.lastInboundAt > TYPING_WINDOW_MS) return fail(45080, "has not sent a message to the user in the last 30 seconds");
  if ((store.typing.get(user.openid) ?? 0) > now) return fail(45081, "already typing");
  store.typing.set(user.openid, now + TYPING_MS);
  return ok();
});

const C = "/customservice";
export const kfRoutes: Route[] = [
  { method: "GET", path: "/cgi-bin/customservice/getkflist", endpoint: "cgi-bin/customservice/getkflist", handler: list },
  { method: "GET", path: "/cgi-bin/customservice/getonlinekflist", endpoint: "cgi-bin/customservice/getonlinekflist", handler: onlineList },
  { method: "POST", path: `${C}/kfaccount/add`, endpoint: "customservice/kfaccount/add", handler: add },
  { method: "POST", path: `${C}/kfaccount/update`, endpoint: "customservice/kfaccount/update", handler: update },
  { method: "GET", path: `${C}/kfaccount/del`, endpoint: "customservice/kfaccount/del", handler: del },
  { method: "POST", path: `${C}/kfaccount/uploadheadimg`, endpoint: "customservice/kfaccount/uploadheadimg", handler: uploadHeadImg },
  { method: "POST", path: `${C}/kfsession/create`, endpoint: "customservice/kfsession/create", handler: create },
  { method: "POST", path: `${C}/kfsession/close`, endpoint: "customservice/kfsession/close", handler: close },
  { method: "GET", path: `${C}/kfsession/getsession`, endpoint: "customservice/kfsession/getsession", handler: getSession },
  { method: "GET", path: `${C}/kfsession/getsessionlist`, endpoint: "customservice/kfsession/getsessionlist", handler: sessionList },
  { method: "GET", path: `${C}/kfsession/getwaitcase`, endpoint: "customservice/kfsession/getwaitcase", handler: waitCase },
  { method: "POST", path: "/cgi-bin/message/custom/typing", endpoint: "cgi-bin/message/custom/typing", handler: typing },
];
