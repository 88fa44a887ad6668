/**
 * The web-authorization APIs: code exchange, refresh, userinfo and token check.
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
import type { JsonResult, Route, RouteContext } from "./router";
import type { SimulatorState } from "./state";
import { wxError, type WxError } from "./wechat-errors";

function appError(state: SimulatorState, q: URLSearchParams, needSecret: boolean): WxError | null {
  const appid = q.get("appid") ?? "";
  if (appid === "") return wxError(41002);
  if (appid !== state.appId) return wxError(40013);
  if (!needSecret) return null;
  const secret = q.get("secret") ?? "";
  if (secret === "") return wxError(41004);
  if (secret !== state.appSecret) return wxError(40125);
  return null;
}

/** headimgurl in WeChat's shape (a size suffix the app may rewrite: /0, /46, /64, /96, /132). */
export function headImgUrl(state: SimulatorState, openid: string): string {
  return `${state.publicUrl}/__sim/avatar/${openid}/132`;
}

function accessToken(ctx: RouteContext): JsonResult {
  const { state, query } = ctx;
  const error = appError(state, query, true);
  if (error) return { json: error };
  const code = query.get("code") ?? "";
  if (code === "") return { json: wxError(41008) };
  if (query.get("grant_type") !== "authorization_code") return { json: wxError(40002) };
  const grant = state.oauth.redeemCode(code);
  if (!grant.ok) return { json: wxError(grant.errcode) };
  const { accessToken: token, expiresIn } = state.oauth.issueToken(grant.value);
  const body: Record<string, unknown> = {
    access_token: token,
    expires_in: expiresIn,
    refresh_token: state.oauth.issueRefreshToken(grant.value),
    openid: grant.value.openid,
    scope: grant.value.scope,
  };
  if (grant.value.snapshot) body.is_snapshotuser = 1;
  const unionid = state.users.get(grant.value.openid)?.unionid;
  if (unionid && grant.value.scope === "snsapi_userinfo") body.unionid = unionid;
  return { json: body };
}

function refreshToken(ctx: RouteContext): JsonResult {
  const { state, query } = ctx;
  const error = appError(state, query, false);
  if (error) return { json: error };
  if (query.get("grant_type") !== "refresh_token") return { json: wxError(40002) };
  const refresh = query.get("refresh_token") ?? "";
  if (refresh === "") return { json: wxError(41003) };
  const grant = state.oauth.checkRefreshToken(refresh);
  if (!grant.ok) return { json: wxError(grant.errcode) };
  const { accessToken: token, expiresIn } = state.oauth.issueToken(grant.value);
  return { json: { access_token: token, expires_in: expiresIn, refresh_token: refresh, openid: grant.value.openid, scope: grant.value.scope } };
}

function checkWebToken(ctx: RouteContext): { error: WxError } | { openid: string; scope: string; snapshot: boolean } {
  const token = ctx.query.get("access_token") ?? "";
  if (token === "") return { error: wxError(41001) };
  const found = ctx.state.oauth.checkToken(token);
  if (!found.ok) return { error: wxError(found.errcode) };
  const openid = ctx.query.get("openid") ?? "";
  if (openid === "") return { error: wxError(41009) };
  if (openid !== found.value.openid) return { error: wxError(40003) };
  return found.value;
}

function userinfo(ctx: RouteContext): JsonResult {
  const checked = checkWebToken(ctx);
  if ("error" in checked) return { json: checked.error };
  // A snsapi_base (or snapshot) token may not read the profile.
  if (checked.scope !== "snsapi_userinfo" || checked.snapshot) return { json: wxError(48001) };
  const { state } = ctx;
  const user = state.users.get(checked.openid);
  const body: Record<string, unknown> = {
    openid: checked.openid,
    nickname: user?.nickname ?? "微信用户",
    // Since 2021-10-20 WeChat no longer returns gender and region: 0 and empty strings.
    sex: 0,
    language: "",
    city: "",
    province: "",
    country: "",
    headimgurl: headImgUrl(state, checked.openid),
    privilege: [],
  };
  if (user?.unionid) body.unionid = user.unionid;
  return { json: body };
}

function auth(ctx: RouteContext): JsonResult {
  const checked = checkWebToken(ctx);
  if ("error" in checked) return { json: checked.error };
  return { json: { errcode: 0, errmsg: "ok" } };
}

export const snsRoutes: Route[] = [
  { method: "GET", path: "/sns/oauth2/access_token", endpoint: "sns/oauth2/access_token", handler: accessToken },
  { method: "GET", path: "/sns/oauth2/refresh_token", endpoint: "sns/oauth2/refresh_token", handler: refreshToken },
  { method: "GET", path: "/sns/userinfo", endpoint: "sns/userinfo", handler: userinfo },
  { method: "GET", path: "/sns/auth", endpoint: "sns/auth", handler: auth },
];
