/**
 * The authorization page: mp.weixin.qq.com/cgi-bin/componentloginpage (PC) and
 * open.weixin.qq.com/wxaopen/safe/bindcomponent (inside WeChat), and its confirmation. A
 * pre_auth_code shows the page until it is spent or its 10 minutes are up; confirming spends
 * it, pushes authorized (or updateauthorized) to the platform's event URL and sends the
 * browser to `redirect_uri?auth_code=…&expires_in=600`.
 *
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Authorization_Process_Technical_Description.html
 */
import { noCredential, routesFor } from "../../core/api-route";
import { redirect, sendHtml } from "../../core/http";
import type { Route, RouteContext } from "../../core/router";
import type { SimulatorState } from "../../core/state";
import { renderComponentLoginPage } from "../../ui/component-login-page";
import { renderErrorPage } from "../../ui/error-page";
import { callbackUrl } from "../oauth/authorize-routes";
import { pushAuthorizationEvent } from "./events";
import { AUTH_CODE_TTL_SECONDS, OFFICIAL_ACCOUNT_FUNC_INFO } from "./config";
import { componentState, type ComponentState } from "./state";

/** 权限集 names, as the authorization page lists them. */
const PERMISSION_NAMES: Record<number, string> = {
  1: "消息管理权限", 2: "用户管理权限", 3: "帐号服务权限", 4: "网页服务权限", 6: "微信多客服权限",
  7: "群发与通知权限", 9: "微信扫一扫权限", 11: "素材管理权限", 15: "自定义菜单权限", 24: "开放平台帐号管理权限", 33: "数据统计权限",
};

export const CONFIRM_PATH = "/cgi-bin/componentloginpage/confirm";

type Checked = { error: string; reason: string } | { component: ComponentState; componentAppId: string; preAuthCode: string; redirectUri: string };

/** The page's parameters, checked as WeChat's page checks them (errors are shown as a page). */
function check(state: SimulatorState, q: URLSearchParams): Checked {
  const component = state.shared(componentState);
  const componentAppId = q.get("component_appid") ?? "";
  if (!component.config || componentAppId !== component.config.componentAppId) return { error: "第三方平台 component_appid 错误", reason: "component_appid" };
  const preAuthCode = q.get("pre_auth_code") ?? "";
  const problem = component.preAuthCodeProblem(preAuthCode);
  if (problem === "unknown") return { error: "pre_auth_code 无效，请在第三方平台重新发起授权", reason: "pre_auth_code_invalid" };
  if (problem === "used") return { error: "该授权链接已使用，请在第三方平台重新发起授权", reason: "pre_auth_code_used" };
  if (problem === "expired") return { error: "授权链接已过期，请在第三方平台重新发起授权", reason: "pre_auth_code_expired" };
  const redirectUri = q.get("redirect_uri") ?? "";
  try {
    const target = new URL(redirectUri);
    if (target.protocol !== "http:" && target.protocol !== "https:") throw new Error("scheme");
  } catch {
    return { error: "redirect_uri 参数错误", reason: "redirect_uri" };
  }
  return { component, componentAppId, preAuthCode, redirectUri };
}

function errorPage(ctx: RouteContext, checked: { error: string; reason: string }): void {
  sendHtml(ctx.res, renderErrorPage(checked.error).replace('data-errcode=""', `data-errcode="" data-reason="${checked.reason}"`));
}

function page(ctx: RouteContext, mobile: boolean): void {
  if (mobile && ctx.query.get("action") !== "bindcomponent") {
    errorPage(ctx, { error: "action 参数错误", reason: "action" });
    return;
  }
  const checked = check(ctx.state, ctx.query);
  if ("error" in checked) {
    errorPage(ctx, checked);
    return;
  }
  // auth_type 1 公众号, 2 小程序, 3 both (the simulator serves 公众号 only); biz_appid narrows to one account.
  const authType = Number(ctx.query.get("auth_type") ?? "3");
  const bizAppId = ctx.query.get("biz_appid") ?? "";
  const offersOfficialAccounts = bizAppId !== "" || authType === 1 || authType === 3 || authType === 6;
  const accounts = offersOfficialAccounts
    ? ctx.state.accounts().filter((a) => bizAppId === "" || a.appId === bizAppId)
    : [];
  const wanted = (ctx.query.get("category_id_list") ?? "").split("|").map(Number).filter((id) => PERMISSION_NAMES[id]);
  const ids = wanted.length ? wanted : OFFICIAL_ACCOUNT_FUNC_INFO;
  sendHtml(ctx.res, renderComponentLoginPage({
    platformName: checked.component.config?.name ?? "",
    componentAppId: checked.componentAppId,
    preAuthCode: checked.preAuthCode,
    redirectUri: checked.redirectUri,
    accounts: accounts.map((a) => ({ appId: a.appId, name: a.accountName, originalId: a.originalId, authorized: checked.component.authorization(a.appId) !== undefined })),
    permissions: ids.map((id) => ({ id, name: PERMISSION_NAMES[id] ?? String(id) })),
    mobile,
    action: CONFIRM_PATH,
  }));
}

async function confirm(ctx: RouteContext): Promise<void> {
  const form = new URLSearchParams(await ctx.body());
  const checked = check(ctx.state, form);
  if ("error" in checked) {
    errorPage(ctx, checked);
    return;
  }
  const account = ctx.state.account(form.get("authorizer_appid") ?? "");
  if (!account) {
    errorPage(ctx, { error: "请选择要授权的公众号", reason: "authorizer_appid" });
    return;
  }
  const funcs = form.getAll("func").map(Number).filter((id) => PERMISSION_NAMES[id]);
  if (funcs.length === 0) {
    errorPage(ctx, { error: "请至少选择一项权限", reason: "func" });
    return;
  }
  const { component, preAuthCode, redirectUri } = checked;
  component.spendPreAuthCode(preAuthCode);
  const { authCode, update } = component.authorize(account, funcs, preAuthCode);
  // WeChat pushes the event as the administrator confirms; the browser goes on meanwhile.
  void pushAuthorizationEvent(component, { infoType: update ? "updateauthorized" : "authorized", authorizerAppId: account.appId, authCode, preAuthCode });
  redirect(ctx.res, callbackUrl(redirectUri, { auth_code: authCode, expires_in: String(AUTH_CODE_TTL_SECONDS) }));
}

/** The PC page is what the library links to (an "endpoint" the coverage test holds against it). */
export const loginPageRoutes: Route[] = [routesFor(noCredential).get("/cgi-bin/componentloginpage", (ctx) => page(ctx, false))];

/** The mobile link, and the page's form (WeChat's UI, not APIs anyone calls). */
export const loginPageControlRoutes: Route[] = [
  { method: "GET", path: "/wxaopen/safe/bindcomponent", handler: (ctx) => page(ctx, true) },
  { method: "POST", path: CONFIRM_PATH, handler: confirm },
];
