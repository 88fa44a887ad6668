import { WeChatApiError, WeChatConfigError } from "./errors";
import { requestWeChat, type HttpOptions } from "./http";
import { parseSnsUserInfo, parseUserAccessToken, type SnsUserInfo, type UserAccessToken } from "./oauth-response";
import { isOAuthScope, STATE_PATTERN, type OAuthScope } from "./oauth-state";
import { exchangeCodeAsComponent, refreshUserTokenAsComponent, type OAuthComponent } from "./component/oauth";

/**
 * OAuth2 web authorization (网页授权) for pages opened inside WeChat.
 * Framework-free: the route handlers own cookies and redirects.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */

export {
  createPendingAuthorization,
  generateState,
  isOAuthScope,
  verifyPendingAuthorization,
  type OAuthScope,
  type PendingAuthorization,
  type PendingAuthorizationCheck,
} from "./oauth-state";
export { resolveReturnTo } from "./return-to";
export { classifyOAuthError, type OAuthErrorKind } from "./oauth-errors";
export type { SnsUserInfo, UserAccessToken } from "./oauth-response";
export type { OAuthComponent } from "./component/oauth";

/**
 * How the code is exchanged: with the account's own secret, or — for an account authorized to a
 * third-party platform — by the platform (its component_access_token; `http` is then unused).
 */
export type OAuthCredentials = { appSecret: string; component?: undefined } | { component: OAuthComponent; appSecret?: undefined };

export type SnsLang = "zh_CN" | "zh_TW" | "en";

const AUTHORIZE_PATH = "/connect/oauth2/authorize";
const ACCESS_TOKEN_PATH = "/sns/oauth2/access_token";
const REFRESH_PATH = "/sns/oauth2/refresh_token";
const USERINFO_PATH = "/sns/userinfo";
const AUTH_CHECK_PATH = "/sns/auth";
// Codes are short opaque strings; anything wildly longer or with control chars is not worth a round trip.
const MAX_CODE_LENGTH = 512;

/**
 * The URL to send the browser to. Parameter order matters to WeChat, and
 * `#wechat_redirect` is required; `connect_redirect=1` stops WeChat from
 * calling the redirect URI twice. With `componentAppId`, a third-party platform asks on the
 * account's behalf (`component_appid` follows `state`, as that doc's format has it).
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Official_Accounts/official_account_website_authorization.html
 */
export function createAuthorizationUrl(input: {
  oauthBaseUrl: string;
  appId: string;
  redirectUri: string;
  scope: OAuthScope;
  state: string;
  componentAppId?: string;
}): string {
  if (!isOAuthScope(input.scope)) throw new WeChatConfigError("OAuth scope must be snsapi_base or snsapi_userinfo");
  if (!STATE_PATTERN.test(input.state)) throw new WeChatConfigError("OAuth state must be 1-128 chars of [A-Za-z0-9]");
  if (!/^[A-Za-z0-9_-]+$/.test(input.appId)) throw new WeChatConfigError("appId is empty or malformed");
  if (!isHttpUrl(input.redirectUri)) throw new WeChatConfigError("OAuth redirect_uri must be an absolute http(s) URL");
  if (!isHttpUrl(input.oauthBaseUrl)) throw new WeChatConfigError("OAuth base URL must be an absolute http(s) URL");
  const { componentAppId } = input;
  if (componentAppId !== undefined && !/^[A-Za-z0-9_-]+$/.test(componentAppId)) throw new WeChatConfigError("component_appid is empty or malformed");
  const base = input.oauthBaseUrl.replace(/\/+$/, "");
  return (
    `${base}${AUTHORIZE_PATH}?appid=${input.appId}` +
    `&redirect_uri=${encodeURIComponent(input.redirectUri)}` +
    `&response_type=code&scope=${input.scope}&state=${input.state}` +
    (componentAppId === undefined ? "" : `&component_appid=${componentAppId}`) +
    `&connect_redirect=1#wechat_redirect` // WeChat requires #wechat_redirect
  );
}

/**
 * Exchanges the callback's `code` for a user access token. A code works once
 * (40163) and for 5 minutes (40029/42003). A code that is empty or malformed is
 * rejected locally as 40029 without calling WeChat. With `component`, the platform exchanges it
 * (sns/oauth2/component/access_token).
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
export async function exchangeCodeForToken(
  http: HttpOptions,
  input: { appId: string; code: string } & OAuthCredentials,
): Promise<UserAccessToken> {
  if (typeof input.code !== "string" || input.code.length === 0 || input.code.length > MAX_CODE_LENGTH || /[\u0000-\u0020\u007F]/.test(input.code)) {
    throw new WeChatApiError(40029, "invalid code (rejected locally)", ACCESS_TOKEN_PATH);
  }
  if (input.component) return exchangeCodeAsComponent(input.component, input);
  const raw = await requestWeChat<unknown>(http, {
    path: ACCESS_TOKEN_PATH,
    query: { appid: input.appId, secret: input.appSecret, code: input.code, grant_type: "authorization_code" },
    // A code is single-use: re-sending after a timeout would only earn 40163.
    idempotent: false,
  });
  return parseUserAccessToken(raw, ACCESS_TOKEN_PATH);
}

/**
 * Renews a user access token with its refresh_token (valid 30 days; 40030/42002 when not).
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
export async function refreshUserAccessToken(
  http: HttpOptions,
  input: { appId: string; refreshToken: string; component?: OAuthComponent },
): Promise<UserAccessToken> {
  if (input.component) return refreshUserTokenAsComponent(input.component, input);
  const raw = await requestWeChat<unknown>(http, {
    path: REFRESH_PATH,
    query: { appid: input.appId, grant_type: "refresh_token", refresh_token: input.refreshToken },
  });
  return parseUserAccessToken(raw, REFRESH_PATH);
}

/**
 * The user's profile; needs a `snsapi_userinfo` token (a `snsapi_base` one gets 48001).
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
export async function getSnsUserInfo(
  http: HttpOptions,
  input: { accessToken: string; openid: string; lang?: SnsLang },
): Promise<SnsUserInfo> {
  const lang = input.lang ?? "zh_CN";
  if (lang !== "zh_CN" && lang !== "zh_TW" && lang !== "en") throw new WeChatConfigError("lang must be zh_CN, zh_TW or en");
  const raw = await requestWeChat<unknown>(http, {
    path: USERINFO_PATH,
    query: { access_token: input.accessToken, openid: input.openid, lang },
  });
  return parseSnsUserInfo(raw, USERINFO_PATH);
}

/**
 * Whether a user access token is still valid for that openid. WeChat errors
 * mean "no"; busy (-1), timeouts and HTTP failures are thrown, as they say nothing about the token.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
export async function checkUserAccessToken(
  http: HttpOptions,
  input: { accessToken: string; openid: string },
): Promise<boolean> {
  try {
    await requestWeChat<unknown>(http, {
      path: AUTH_CHECK_PATH,
      query: { access_token: input.accessToken, openid: input.openid },
    });
    return true;
  } catch (err) {
    if (err instanceof WeChatApiError && err.errcode !== -1) return false;
    throw err;
  }
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
