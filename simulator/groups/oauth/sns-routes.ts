/**
 * The web-authorization APIs: code exchange, refresh, userinfo and token check. They carry no
 * access_token: the appid (with the secret) or the web access_token names the account.
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
import type { Account } from "../../core/account";
import { fail, noCredential, ok, routesFor } from "../../core/api-route";
import type { OAuthGrant } from "../../core/oauth-state";
import type { JsonResult, Route, RouteContext } from "../../core/router";

/** The account the query's appid (and, when needed, secret) names, or WeChat's errcode. */
function appAccount(ctx: RouteContext, needSecret: boolean): Account | number {
  const appid = ctx.query.get("appid") ?? "";
  if (appid === "") return 41002;
  const account = ctx.state.account(appid);
  if (!account) return 40013;
  if (!needSecret) return account;
  const secret = ctx.query.get("secret") ?? "";
  if (secret === "") return 41004;
  return secret === account.appSecret ? account : 40125;
}

/** headimgurl in WeChat's shape (a size suffix the app may rewrite: /0, /46, /64, /96, /132). */
export function headImgUrl(publicUrl: string, openid: string): string {
  return `${publicUrl}/__sim/avatar/${openid}/132`;
}

function accessToken(ctx: RouteContext): JsonResult {
  const account = appAccount(ctx, true);
  if (typeof account === "number") return fail(account);
  const code = ctx.query.get("code") ?? "";
  if (code === "") return fail(41008);
  if (ctx.query.get("grant_type") !== "authorization_code") return fail(40002);
  const grant = account.oauth.redeemCode(code);
  if (!grant.ok) return fail(grant.errcode);
  const { accessToken: token, expiresIn } = account.oauth.issueToken(grant.value);
  const body: Record<string, unknown> = {
    access_token: token,
    expires_in: expiresIn,
    refresh_token: account.oauth.issueRefreshToken(grant.value),
    openid: grant.value.openid,
    scope: grant.value.scope,
  };
  if (grant.value.snapshot) body.is_snapshotuser = 1;
  const unionid = account.users.get(grant.value.openid)?.unionid;
  if (unionid && grant.value.scope === "snsapi_userinfo") body.unionid = unionid;
  return { json: body };
}

function refreshToken(ctx: RouteContext): JsonResult {
  const account = appAccount(ctx, false);
  if (typeof account === "number") return fail(account);
  if (ctx.query.get("grant_type") !== "refresh_token") return fail(40002);
  const refresh = ctx.query.get("refresh_token") ?? "";
  if (refresh === "") return fail(41003);
  const grant = account.oauth.checkRefreshToken(refresh);
  if (!grant.ok) return fail(grant.errcode);
  const { accessToken: token, expiresIn } = account.oauth.issueToken(grant.value);
  return { json: { access_token: token, expires_in: expiresIn, refresh_token: refresh, openid: grant.value.openid, scope: grant.value.scope } };
}

/** The grant of the query's web access_token and the account that issued it: 41001, 40001/42001, 41009, 40003. */
function webGrant(ctx: RouteContext): { account: Account; grant: OAuthGrant } | number {
  const token = ctx.query.get("access_token") ?? "";
  if (token === "") return 41001;
  let errcode = 40001;
  for (const account of ctx.state.accounts()) {
    const found = account.oauth.checkToken(token);
    if (!found.ok) {
      if (found.errcode !== 40001) errcode = found.errcode;
      continue;
    }
    const openid = ctx.query.get("openid") ?? "";
    if (openid === "") return 41009;
    return openid === found.value.openid ? { account, grant: found.value } : 40003;
  }
  return errcode;
}

function userinfo(ctx: RouteContext): JsonResult {
  const checked = webGrant(ctx);
  if (typeof checked === "number") return fail(checked);
  const { account, grant } = checked;
  // A snsapi_base (or snapshot) token may not read the profile.
  if (grant.scope !== "snsapi_userinfo" || grant.snapshot) return fail(48001);
  const user = account.users.get(grant.openid);
  const body: Record<string, unknown> = {
    openid: grant.openid,
    nickname: user?.nickname ?? "微信用户",
    // Since 2021-10-20 WeChat no longer returns gender and region: 0 and empty strings.
    sex: 0,
    language: "",
    city: "",
    province: "",
    country: "",
    headimgurl: headImgUrl(ctx.state.publicUrl, grant.openid),
    privilege: [],
  };
  if (user?.unionid) body.unionid = user.unionid;
  return { json: body };
}

function auth(ctx: RouteContext): JsonResult {
  const checked = webGrant(ctx);
  return typeof checked === "number" ? fail(checked) : ok();
}

const route = routesFor(noCredential);

export const snsRoutes: Route[] = [
  route.get("/sns/oauth2/access_token", accessToken),
  route.get("/sns/oauth2/refresh_token", refreshToken),
  route.get("/sns/userinfo", userinfo),
  route.get("/sns/auth", auth),
];
