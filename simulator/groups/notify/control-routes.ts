/**
 * Control API for notifications and account events (`/__sim/notify/*`,
 * `/__sim/account-event`): a user's answer to the subscribe popup, blocking
 * template messages, the daily quota, and the account events an operator
 * must not miss — each pushed to the app's server URL like WeChat would.
 * Each acts on the account `?appid=` names (the default account without one).
 */
import { bad, controlObject as input, unknownAccount } from "../../core/control-input";
import type { JsonResult, Route, RouteContext } from "../../core/router";
import { pushMessage } from "../../push/pusher";
import { ACCOUNT_EVENTS, accountEventXml, subscribeEventXml, type AccountEventName } from "./events";
import { notifyState } from "./state";

/** The user answers the subscribe popup (as `wx-open-subscribe` shows it): grants and subscribe_msg_popup_event. */
async function popup(ctx: RouteContext): Promise<JsonResult> {
  const body = await input(ctx);
  if (!body) return bad("body must be a JSON object");
  const { state } = ctx;
  const account = state.controlAccount(ctx.query);
  if (!account) return unknownAccount(ctx);
  const n = account.state(notifyState);
  const openid = typeof body.openid === "string" && body.openid !== "" ? body.openid : state.defaultOpenid(account);
  if (!account.users.get(openid)) return bad("unknown openid");
  const status = body.status === "reject" ? "reject" : "accept";
  const ids = Array.isArray(body.templateIds) ? body.templateIds.map(String) : n.subscribeTemplates.map((t) => t.priTmplId);
  if (ids.length === 0 || ids.some((id) => !n.subscribeTemplates.some((t) => t.priTmplId === id))) return bad("unknown template id");
  ids.forEach((id) => n.grant(openid, id, status === "accept"));
  const scene = typeof body.scene === "number" ? body.scene : 2;
  const items = ids.map((id) => ({ TemplateId: id, SubscribeStatusString: status, PopupScene: scene }));
  const push = await pushMessage(state, { xml: subscribeEventXml(account, openid, "subscribe_msg_popup_event", items), openid }, account);
  return { json: { ok: true, openid, status, templateIds: ids, push } };
}

/** The user turns a notification off in settings: subscribe_msg_change_event (reject). */
async function change(ctx: RouteContext): Promise<JsonResult> {
  const body = await input(ctx);
  if (!body || typeof body.templateId !== "string") return bad("give templateId");
  const { state } = ctx;
  const account = state.controlAccount(ctx.query);
  if (!account) return unknownAccount(ctx);
  const openid = typeof body.openid === "string" && body.openid !== "" ? body.openid : state.defaultOpenid(account);
  account.state(notifyState).grant(openid, body.templateId, false);
  const items = [{ TemplateId: body.templateId, SubscribeStatusString: "reject" }];
  const xml = subscribeEventXml(account, openid, "subscribe_msg_change_event", items);
  return { json: { ok: true, push: await pushMessage(state, { xml, openid }, account) } };
}

async function settings(ctx: RouteContext): Promise<JsonResult> {
  const body = await input(ctx);
  if (!body) return bad("body must be a JSON object");
  const account = ctx.state.controlAccount(ctx.query);
  if (!account) return unknownAccount(ctx);
  const n = account.state(notifyState);
  if (body.dailyQuota !== undefined) {
    if (!Number.isInteger(body.dailyQuota) || (body.dailyQuota as number) < 0) return bad("dailyQuota must be a non-negative integer");
    n.dailyQuota = body.dailyQuota as number;
  }
  if (typeof body.blockOpenid === "string") n.blocked.add(body.blockOpenid);
  if (typeof body.unblockOpenid === "string") n.blocked.delete(body.unblockOpenid);
  return { json: { ok: true, dailyQuota: n.dailyQuota, blocked: [...n.blocked] } };
}

async function accountEvent(ctx: RouteContext): Promise<JsonResult> {
  const body = await input(ctx);
  const event = body?.event;
  if (!body || typeof event !== "string" || !(ACCOUNT_EVENTS as readonly string[]).includes(event)) return bad(`event must be one of ${ACCOUNT_EVENTS.join(", ")}`);
  const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isInteger(v) ? v : undefined);
  const account = ctx.state.controlAccount(ctx.query);
  if (!account) return unknownAccount(ctx);
  const xml = accountEventXml(account, {
    event: event as AccountEventName, expiredTime: num(body.expiredTime), failTime: num(body.failTime),
    failReason: typeof body.failReason === "string" ? body.failReason : undefined,
  });
  return { json: { ok: true, push: await pushMessage(ctx.state, { xml, openid: "weixin" }, account) } };
}

function overview(ctx: RouteContext): JsonResult {
  const account = ctx.state.controlAccount(ctx.query);
  if (!account) return unknownAccount(ctx);
  const n = account.state(notifyState);
  const grants = Object.fromEntries([...n.grants].map(([openid, m]) => [openid, Object.fromEntries(m)]));
  return { json: { templates: n.templates, subscribeTemplates: n.subscribeTemplates, sent: n.sent, grants, dailyQuota: n.dailyQuota } };
}

export const notifyControlRoutes: Route[] = [
  { method: "GET", path: "/__sim/notify", handler: overview },
  { method: "POST", path: "/__sim/notify/popup", handler: popup },
  { method: "POST", path: "/__sim/notify/change", handler: change },
  { method: "POST", path: "/__sim/notify/settings", handler: settings },
  { method: "POST", path: "/__sim/account-event", handler: accountEvent },
];
