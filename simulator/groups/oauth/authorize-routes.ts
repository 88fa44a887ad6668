/**
 * open.weixin.qq.com/connect/oauth2/authorize and the consent decision,
 * with the real service's strict parameter checks.
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
import { redirect, sendHtml } from "./http-utils";
import type { OAuthScope } from "./oauth-store";
import type { Route, RouteContext } from "./router";
import type { SimulatorState } from "./state";
import { renderConsentPage, SNAPSHOT_CHOICE, type ConsentUser } from "./ui/consent-page";
import { renderErrorPage } from "./ui/error-page";
import { snapshotOpenid } from "./users";

/** Cookie on the simulator's origin naming the WeChat user of this browser (set by the consent page). */
export const USER_COOKIE = "wxsim_user";

/** `host` matches any port, `host:port` exactly that port (authorized callback / JS-safe domains). */
export function hostAllowed(url: URL, domains: string[]): boolean {
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return domains.some((entry) => {
    const match = /^(.*?)(?::(\d+))?$/.exec(entry.trim().toLowerCase());
    return !!match && match[1] === host && (match[2] === undefined || match[2] === port);
  });
}

/** Appends code/state before any fragment, keeping the callback's own query. */
export function callbackUrl(redirectUri: string, params: Record<string, string>): string {
  const hash = redirectUri.indexOf("#");
  const base = hash >= 0 ? redirectUri.slice(0, hash) : redirectUri;
  const query = Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
  return `${base}${base.includes("?") ? "&" : "?"}${query}${hash >= 0 ? redirectUri.slice(hash) : ""}`;
}

function cookieUser(ctx: RouteContext): string | undefined {
  const cookie = ctx.req.headers.cookie ?? "";
  const match = new RegExp(`(?:^|;\\s*)${USER_COOKIE}=([^;]+)`).exec(cookie);
  const openid = match?.[1] ? decodeURIComponent(match[1]) : undefined;
  return openid && ctx.state.users.get(openid) ? openid : undefined;
}

function fail(ctx: RouteContext, message: string, errcode?: number): void {
  sendHtml(ctx.res, renderErrorPage(message, errcode));
}

/** Validates an authorize request; returns an error (message, code) or the parsed request. */
function validate(state: SimulatorState, q: URLSearchParams): { error: string; errcode?: number } | { redirectUri: string; scope: OAuthScope; state: string } {
  const appid = q.get("appid") ?? "";
  if (appid === "") return { error: "appid不能为空", errcode: 10012 };
  if (appid !== state.appId) return { error: "appid错误，请检查公众号AppID", errcode: 40013 };
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
  return { redirectUri, scope, state: st };
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
  const openid = cookieUser(ctx) ?? state.config.oauthUser;
  // snsapi_base is silent; snsapi_userinfo asks, unless the simulator is told to approve (benchmarks).
  if (checked.scope === "snsapi_base" || state.config.autoConsent) {
    const code = state.oauth.issueCode({ openid, scope: checked.scope, snapshot: false });
    redirect(ctx.res, callbackUrl(checked.redirectUri, { code, state: checked.state }));
    return;
  }
  const pending = state.oauth.addPending({ redirectUri: checked.redirectUri, state: checked.state, scope: checked.scope });
  const shortlist = [...state.users.all.slice(0, 6), ...state.users.all.filter((u) => u.subscribe === 0).slice(0, 2)];
  const current = state.users.get(openid);
  if (current && !shortlist.includes(current)) shortlist.unshift(current);
  const users: ConsentUser[] = shortlist.map((u) => ({ openid: u.openid, nickname: u.nickname, color: u.color, subscribe: u.subscribe }));
  sendHtml(ctx.res, renderConsentPage({ accountName: state.accountName, pendingId: pending.id, users, selected: openid }));
}

async function confirm(ctx: RouteContext): Promise<void> {
  const { state } = ctx;
  const form = new URLSearchParams(await ctx.body());
  const pending = state.oauth.takePending(form.get("pending") ?? "");
  if (!pending) {
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
    const code = state.oauth.issueCode({ openid: snapshotOpenid(state.appId), scope: "snsapi_base", snapshot: true });
    redirect(ctx.res, callbackUrl(pending.redirectUri, { code, state: pending.state }));
    return;
  }
  const openid = state.users.get(choice) ? choice : (cookieUser(ctx) ?? state.config.oauthUser);
  const code = state.oauth.issueCode({ openid, scope: pending.scope, snapshot: false });
  ctx.res.setHeader("set-cookie", `${USER_COOKIE}=${encodeURIComponent(openid)}; Path=/; SameSite=Lax`);
  redirect(ctx.res, callbackUrl(pending.redirectUri, { code, state: pending.state }));
}

export const oauthRoutes: Route[] = [
  { method: "GET", path: "/connect/oauth2/authorize", endpoint: "connect/oauth2/authorize", handler: authorize },
  { method: "POST", path: "/connect/oauth2/authorize/confirm", handler: confirm },
];
