/**
 * Control API for the customer-service side WeChat keeps to itself: an agent
 * accepting the invitation and going online in the web client, a transfer
 * between agents (kf_switch_session), a user queued for service, and the
 * head images uploaded with kfaccount/uploadheadimg — of the account `?appid=`
 * names (the default account without one).
 */
import { knownUser, type JsonObject } from "../../core/api-route";
import { bad, controlObject, unknownAccount } from "../../core/control-input";
import type { JsonResult, Route, RouteContext } from "../../core/router";
import { kfState, pushKfEvent, waitingUsers } from "./state";

/** The body as an object; anything else reads as `{}` (every field has a default). */
const body = async (ctx: RouteContext): Promise<JsonObject> => (await controlObject(ctx)) ?? {};

/** Binds the account to a WeChat user (the accepted invitation) and sets it online or offline. */
async function presence(ctx: RouteContext): Promise<JsonResult> {
  const owner = ctx.state.controlAccount(ctx.query);
  if (!owner) return unknownAccount(ctx);
  const account = owner.state(kfState).accounts.get(ctx.params.account ?? "");
  if (!account) return bad("unknown kf_account", 404);
  const input = await body(ctx);
  account.kf_wx = typeof input.wx === "string" && input.wx ? input.wx : (account.kf_wx ?? `wx_${account.kf_account.split("@")[0]}`);
  account.online = input.online !== false;
  return { json: { ok: true, kf_account: account.kf_account, kf_wx: account.kf_wx, online: account.online } };
}

/** An agent hands a user over to another agent in the web client. */
async function switchSession(ctx: RouteContext): Promise<JsonResult> {
  const input = await body(ctx);
  const owner = ctx.state.controlAccount(ctx.query);
  if (!owner) return unknownAccount(ctx);
  const user = knownUser(owner, input.openid);
  if (typeof user === "number") return bad("unknown openid");
  const store = owner.state(kfState);
  const session = store.sessions.get(user.openid);
  const to = typeof input.to === "string" ? store.accounts.get(input.to) : undefined;
  if (!session) return bad("the user has no session");
  if (!to?.online) return bad("the target account is unknown or offline");
  const from = session.kfAccount;
  session.kfAccount = to.kf_account;
  pushKfEvent(ctx.state, owner, user.openid, "kf_switch_session", { FromKfAccount: from, ToKfAccount: to.kf_account });
  return { json: { ok: true, from, to: to.kf_account } };
}

/** Queues a user for service, as a transfer_customer_service reply does. */
async function wait(ctx: RouteContext): Promise<JsonResult> {
  const owner = ctx.state.controlAccount(ctx.query);
  if (!owner) return unknownAccount(ctx);
  const user = knownUser(owner, (await body(ctx)).openid);
  if (typeof user === "number") return bad("unknown openid");
  owner.state(kfState).waiting.set(user.openid, Math.floor(owner.now() / 1000));
  return { json: { ok: true } };
}

function headImage(ctx: RouteContext): JsonResult | void {
  // Head image URLs carry no appid: any account's agent with this kf_id.
  const account = ctx.state
    .accounts()
    .flatMap((owner) => [...owner.state(kfState).accounts.values()]).find((a) => a.kf_id === ctx.params.id);
  if (!account?.headimg) return bad("no head image", 404);
  ctx.res.writeHead(200, { "content-type": "image/jpeg", "content-length": account.headimg.length });
  ctx.res.end(account.headimg);
}

function snapshot(ctx: RouteContext): JsonResult {
  const owner = ctx.state.controlAccount(ctx.query);
  if (!owner) return unknownAccount(ctx);
  const store = owner.state(kfState);
  return {
    json: {
      /** The suffix every kf_account needs (prefix@wechat_id): the account's original id here. */
      wechatId: owner.originalId,
      accounts: [...store.accounts.values()].map(({ headimg: _image, ...a }) => a),
      sessions: [...store.sessions].map(([openid, s]) => ({ openid, kf_account: s.kfAccount, createtime: s.createtime })),
      waiting: waitingUsers(ctx.state, owner),
    },
  };
}

export const kfControlRoutes: Route[] = [
  { method: "GET", path: "/__sim/kf", handler: snapshot },
  { method: "POST", path: "/__sim/kf/accounts/:account/presence", handler: presence },
  { method: "POST", path: "/__sim/kf/switch", handler: switchSession },
  { method: "POST", path: "/__sim/kf/wait", handler: wait },
  { method: "GET", path: "/__sim/kf/headimg/:id", handler: headImage },
];
