/**
 * Web authorization on behalf of an account (代公众号发起网页授权): the code from an authorize
 * request that carried `component_appid` is exchanged — and the user's token refreshed — with
 * the platform's component_access_token instead of the account's secret. Codes and refresh
 * tokens issued this way work only here, and the account's own ones only at sns/oauth2/*.
 *
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Official_Accounts/official_account_website_authorization.html
 */
import type { Account } from "../../core/account";
import { fail, routesFor } from "../../core/api-route";
import type { JsonResult, Route } from "../../core/router";
import { componentToken, type ComponentContext } from "./routes";

/** The account the query names, authorized to this platform: 41002, 40013, 61011 (another platform), 61003. */
function authorizedAccount(ctx: ComponentContext): Account | number {
  const appid = ctx.query.get("appid") ?? "";
  if (appid === "") return 41002;
  const account = ctx.state.account(appid);
  if (!account) return 40013;
  if (ctx.query.get("component_appid") !== ctx.component.config?.componentAppId) return 61011;
  return ctx.component.authorization(appid) ? account : 61003;
}

function accessToken(ctx: ComponentContext): JsonResult {
  const account = authorizedAccount(ctx);
  if (typeof account === "number") return fail(account);
  const code = ctx.query.get("code") ?? "";
  if (code === "") return fail(41008);
  if (ctx.query.get("grant_type") !== "authorization_code") return fail(40002);
  const grant = account.oauth.redeemCode(code, ctx.component.config?.componentAppId);
  if (!grant.ok) return fail(grant.errcode);
  const { accessToken: token, expiresIn } = account.oauth.issueToken(grant.value);
  const body: Record<string, unknown> = {
    access_token: token,
    expires_in: expiresIn,
    refresh_token: account.oauth.issueRefreshToken(grant.value),
    openid: grant.value.openid,
    scope: grant.value.scope,
  };
  const unionid = account.users.get(grant.value.openid)?.unionid;
  if (unionid && grant.value.scope === "snsapi_userinfo") body.unionid = unionid;
  return { json: body };
}

function refreshToken(ctx: ComponentContext): JsonResult {
  const account = authorizedAccount(ctx);
  if (typeof account === "number") return fail(account);
  if (ctx.query.get("grant_type") !== "refresh_token") return fail(40002);
  const refresh = ctx.query.get("refresh_token") ?? "";
  if (refresh === "") return fail(41003);
  const grant = account.oauth.checkRefreshToken(refresh, ctx.component.config?.componentAppId);
  if (!grant.ok) return fail(grant.errcode);
  const { accessToken: token, expiresIn } = account.oauth.issueToken(grant.value);
  return { json: { access_token: token, expires_in: expiresIn, refresh_token: refresh, openid: grant.value.openid, scope: grant.value.scope } };
}

const route = routesFor(componentToken);

export const componentOAuthRoutes: Route[] = [
  route.get("/sns/oauth2/component/access_token", accessToken),
  route.get("/sns/oauth2/component/refresh_token", refreshToken),
];
