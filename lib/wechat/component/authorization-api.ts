/**
 * The calls that authorize an account to the platform and keep its token: a pre-authorization
 * code for the authorization page, the authorization code exchanged for the account's tokens,
 * and a new authorizer_access_token for its refresh token. One function per call, over the
 * platform's authenticated call (component-token.ts).
 *
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Authorization_Process_Technical_Description.html
 */
import type { ComponentCaller } from "./component-token";
import { asObject, funcInfoIds, optionalString, requireString, seconds } from "./parse";

const PRE_AUTH_PATH = "/cgi-bin/component/api_create_preauthcode";
const QUERY_AUTH_PATH = "/cgi-bin/component/api_query_auth";
const AUTHORIZER_TOKEN_PATH = "/cgi-bin/component/api_authorizer_token";

export interface PreAuthCode {
  /** Single use: one authorization link each. */
  preAuthCode: string;
  /** Seconds it stays valid. */
  expiresIn: number;
}

/**
 * A fresh pre_auth_code. Never cached: each serves one authorization page and is spent by it.
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/pre_auth_code.html
 */
export async function createPreAuthCode(platform: ComponentCaller): Promise<PreAuthCode> {
  const res = asObject(
    await platform.call<unknown>({
      method: "POST",
      path: PRE_AUTH_PATH,
      body: { component_appid: platform.componentAppId },
      // A second code after a timeout costs nothing: unused codes expire.
      idempotent: true,
    }),
    PRE_AUTH_PATH,
  );
  return { preAuthCode: requireString(res, "pre_auth_code", PRE_AUTH_PATH), expiresIn: seconds(res.expires_in, 600) };
}

/** An account's authorization: its first tokens (secrets — never log them) and the permission sets granted. */
export interface Authorization {
  authorizerAppId: string;
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
  /** Absent when the account has no API permission. */
  refreshToken?: string;
  funcInfo: number[];
}

/**
 * api_query_auth: the authorization code (the redirect's `auth_code`, or the authorized event's
 * AuthorizationCode) exchanged for the account's tokens. Not repeated after a timeout.
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorization_info.html
 */
export async function queryAuth(platform: ComponentCaller, authorizationCode: string): Promise<Authorization> {
  const res = asObject(
    await platform.call<unknown>({
      method: "POST",
      path: QUERY_AUTH_PATH,
      body: { component_appid: platform.componentAppId, authorization_code: authorizationCode },
      idempotent: false,
    }),
    QUERY_AUTH_PATH,
  );
  const info = asObject(res.authorization_info, QUERY_AUTH_PATH, "authorization_info");
  const refreshToken = optionalString(info.authorizer_refresh_token);
  return {
    authorizerAppId: requireString(info, "authorizer_appid", QUERY_AUTH_PATH),
    accessToken: requireString(info, "authorizer_access_token", QUERY_AUTH_PATH),
    expiresIn: seconds(info.expires_in, 7200),
    ...(refreshToken ? { refreshToken } : {}),
    funcInfo: funcInfoIds(info.func_info),
  };
}

export interface AuthorizerToken {
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
  /** WeChat may hand back another refresh token: store it when it differs. */
  refreshToken?: string;
}

/**
 * api_authorizer_token: a new authorizer_access_token for the account's refresh token. 61023
 * means the refresh token is no longer valid (rotated, or the account withdrew). Not repeated
 * after a timeout: the call may have rotated the refresh token it was given.
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_authorizer_token.html
 */
export async function refreshAuthorizerToken(
  platform: ComponentCaller,
  input: { authorizerAppId: string; refreshToken: string },
): Promise<AuthorizerToken> {
  const res = asObject(
    await platform.call<unknown>({
      method: "POST",
      path: AUTHORIZER_TOKEN_PATH,
      body: { component_appid: platform.componentAppId, authorizer_appid: input.authorizerAppId, authorizer_refresh_token: input.refreshToken },
      idempotent: false,
    }),
    AUTHORIZER_TOKEN_PATH,
  );
  const refreshToken = optionalString(res.authorizer_refresh_token);
  return {
    accessToken: requireString(res, "authorizer_access_token", AUTHORIZER_TOKEN_PATH),
    expiresIn: seconds(res.expires_in, 7200),
    ...(refreshToken ? { refreshToken } : {}),
  };
}
