/**
 * open.weixin.qq.com/connect/oauth2/authorize and the consent decision,
 * with the real service's strict parameter checks.
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
import type { Account } from "../../core/account";
import { noCredential, routesFor } from "../../core/api-route";
import { hostAllowed, redirect, sendHtml } from "../../core/http";
import type { OAuthScope } from "../../core/oauth-state";
import type { Route, RouteContext } from "../../core/router";
import type { SimulatorState } from "../../core/state";
import { snapshotOpenid } from "../../core/users";
import { renderConsentPage, SNAPSHOT_CHOICE, type ConsentUser } from "../../ui/consent-page";
import { renderErrorPage } from "../../ui/error-page";
import { componentState } from "../component/state";

/** Cookie on the simulator's origin naming the WeChat user of this browser (set by the consent page). */
export const USER_COOKIE = "wxsim_user";

/** Appends code/state before any fragment, keeping the callback's own query. */
export function callbackUrl(redirectUri: string, params: Record<string, string>): string {
  const hash = redirectUri.indexOf("#");
  const base = hash >= 0 ? redirectUri.slice(0, hash) : redirectUri;
  const query = Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
  return `${base}${base.includes("?") ? "&" : "?"}${query}${hash >= 0 ? redirectUri.slice(hash) : ""}`;
}

function cookieUser(ctx: RouteContext, account: Account): string | undefined {
  const cookie = ctx.req.headers.cookie ?? "";
  const match = new RegExp(`(?:^|;\\s*)${USER_COOKIE}=([^;]+)`).exec(cookie);
  const openid = match?.[1] ? decodeURIComponent(match[1]) : undefined;
  return openid && account.users.get(openid) ? openid : undefined;
}

const viaComponent = (componentAppId: string | undefined): { componentAppId?: string } => (componentAppId ? { componentAppId } : {});

/** On behalf of an account, WeChat adds the account's appid to the callback (`code&state&appid`). */
const appidParam = (req: { account: Account; componentAppId?: string }): { appid?: string } => (req.componentAppId ? { appid: req.account.appId } : {});

function fail(ctx: RouteContext, message: string, errcode?: number): void {
  sendHtml(ctx.res, renderErrorPage(message, errcode));
}

/** Validates an authorize request; returns an error (message, code) or the parsed request. */
function validate(state: SimulatorState, q: URLSearchParams): { error: string; errcode?: number } | { account: Account; redirectUri: string; scope: OAuthScope; state: string; componentAppId?: string } {
  const appid = q.get("appid") ?? "";
  if (appid === "") return { error: "appid不能为空", errcode: 10012 };
  const account = state.account(appid);
  if (!account) return { error: "appid错误，请检查公众号AppID", errcode: 40013 };
  const redirectUri = q.get("redirect_uri") ?? "";
  if (redirectUri === "") return { error: "redirect_uri不能为空", errcode: 10011 };
  let target: URL;
  try {
    target = new URL(redirectUri);
  } catch {
    return { error: "redirect_uri参数错误", errcode: 10003 };
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") return { error: "redirect_uri参数错误", errcode: 10003 };
  if (!hostAllowed(target, state.config.oauthDomains)) return { error: "redirect_uri域名与后台配置不一致", errcode: 10003 };
  if (q.get("response_type") !== "code") return { error: "response_type参数错误，应为code" };
  const scope = q.get("scope") ?? "";
  if (scope === "") return { error: "scope不能为空", errcode: 10010 };
  if (scope !== "snsapi_base" && scope !== "snsapi_userinfo") return { error: "scope参数错误或没有scope权限", errcode: 10005 };
  const st = q.get("state") ?? "";
  if (Buffer.byteLength(st) > 128) return { error: "state参数错误，最长128字节" };
  const componentAppId = q.get("component_appid") ?? "";
  if (componentAppId === "") return { account, redirectUri, scope, state: st };
  // On behalf of the account: the platform must exist and hold the account's authorization.
  const component = state.shared(componentState);
  if (!component.config || component.config.componentAppId !== componentAppId) return { error: "component_appid参数错误", errcode: 61011 };
  if (!component.authorization(appid)) return { error: "该公众号未授权给此第三方平台", errcode: 61003 };
  return { account, redirectUri, scope, state: st, componentAppId };
}

function authorize(ctx: RouteContext): void {
  const { state } = ctx;
  if (state.config.requireWeChatUserAgent && !/MicroMessenger/i.test(ctx.req.headers["user-agent"] ?? "")) {
    fail(ctx, "请在微信客户端打开链接");
    return;
  }
  const checked = validate(state, ctx.query);
  if ("error" in checked) {
    fail(ctx, checked.error, checked.errcode);
    return;
  }
  const { account } = checked;
  const openid = cookieUser(ctx, account) ?? state.config.oauthUser;
  // snsapi_base is silent; snsapi_userinfo asks, unless the simulator is told to approve (benchmarks).
  if (checked.scope === "snsapi_base" || state.config.autoConsent) {
    const code = account.oauth.issueCode({ openid, scope: checked.scope, snapshot: false, ...viaComponent(checked.componentAppId) });
    redirect(ctx.res, callbackUrl(checked.redirectUri, { code, state: checked.state, ...appidParam(checked) }));
    return;
  }
  const pending = account.oauth.addPending({ redirectUri: checked.redirectUri, state: checked.state, scope: checked.scope, ...viaComponent(checked.componentAppId) });
  const all = account.users.all;
  const shortlist = [...all.slice(0, 6), ...all.filter((u) => u.subscribe === 0).slice(0, 2)];
  const current = account.users.get(openid);
  if (current && !shortlist.includes(current)) shortlist.unshift(current);
  const users: ConsentUser[] = shortlist.map((u) => ({ openid: u.openid, nickname: u.nickname, color: u.color, subscribe: u.subscribe }));
  sendHtml(ctx.res, renderConsentPage({ accountName: account.accountName, pendingId: pending.id, users, selected: openid }));
}

async function confirm(ctx: RouteContext): Promise<void> {
  const { state } = ctx;
  const form = new URLSearchParams(await ctx.body());
  const id = form.get("pending") ?? "";
  // The consent page answers one account's request; its id says which.
  const account = state.accounts().find((a) => a.oauth.hasPending(id));
  const pending = account?.oauth.takePending(id);
  if (!account || !pending) {
    fail(ctx, "页面已过期，请返回重新进入");
    return;
  }
  if (form.get("decision") !== "allow") {
    // Refusal: back to the callback with state but no code.
    redirect(ctx.res, callbackUrl(pending.redirectUri, { state: pending.state }));
    return;
  }
  const choice = form.get("openid") ?? "";
  if (choice === SNAPSHOT_CHOICE) {
    // A snapshot-page visitor is a virtual user with a base-scope grant (is_snapshotuser=1).
    const code = account.oauth.issueCode({ openid: snapshotOpenid(account.appId), scope: "snsapi_base", snapshot: true, ...viaComponent(pending.componentAppId) });
    redirect(ctx.res, callbackUrl(pending.redirectUri, { code, state: pending.state, ...appidParam({ account, ...pending }) }));
    return;
  }
  const openid = account.users.get(choice) ? choice : (cookieUser(ctx, account) ?? state.config.oauthUser);
  const code = account.oauth.issueCode({ openid, scope: pending.scope, snapshot: false, ...viaComponent(pending.componentAppId) });
  ctx.res.setHeader("set-cookie", `${USER_COOKIE}=${encodeURIComponent(openid)}; Path=/; SameSite=Lax`);
  redirect(ctx.res, callbackUrl(pending.redirectUri, { code, state: pending.state, ...appidParam({ account, ...pending }) }));
}

/** open.weixin.qq.com's authorize page, which the app sends browsers to. */
export const authorizeRoutes: Route[] = [routesFor(noCredential).get("/connect/oauth2/authorize", authorize)];

/** The consent page's form: WeChat's client, not an API anyone calls. */
export const consentRoutes: Route[] = [{ method: "POST", path: "/connect/oauth2/authorize/confirm", handler: confirm }];
