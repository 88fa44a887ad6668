/**
 * Web authorization (网页授权) on behalf of an authorized account (代公众号发起网页授权): the same
 * authorize page with `component_appid` added, and the code exchanged — and the user token
 * refreshed — with the platform's component_access_token instead of the account's secret,
 * which the platform never has. oauth.ts takes either mode through one option (`component`).
 *
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Official_Accounts/official_account_website_authorization.html
 */
import type { ApiRequest } from "../http";
import { parseUserAccessToken, type UserAccessToken } from "../oauth-response";

const ACCESS_TOKEN_PATH = "/sns/oauth2/component/access_token";
const REFRESH_PATH = "/sns/oauth2/component/refresh_token";

/**
 * The platform acting for the account: its appid and its call with component_access_token
 * (a ComponentPlatform is one). Not the authorizer's token — that one gets 48001 here.
 */
export interface OAuthComponent {
  readonly componentAppId: string;
  call<T>(req: ApiRequest): Promise<T>;
}

/**
 * GET sns/oauth2/component/access_token?appid&code&grant_type=authorization_code&component_appid
 * (&component_access_token). A code works once: not repeated after a timeout.
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Official_Accounts/official_account_website_authorization.html
 */
export async function exchangeCodeAsComponent(component: OAuthComponent, input: { appId: string; code: string }): Promise<UserAccessToken> {
  const raw = await component.call<unknown>({
    path: ACCESS_TOKEN_PATH,
    query: { appid: input.appId, code: input.code, grant_type: "authorization_code", component_appid: component.componentAppId },
    idempotent: false,
  });
  return parseUserAccessToken(raw, ACCESS_TOKEN_PATH);
}

/**
 * GET sns/oauth2/component/refresh_token?appid&grant_type=refresh_token&component_appid&refresh_token.
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Official_Accounts/official_account_website_authorization.html
 */
export async function refreshUserTokenAsComponent(component: OAuthComponent, input: { appId: string; refreshToken: string }): Promise<UserAccessToken> {
  const raw = await component.call<unknown>({
    path: REFRESH_PATH,
    query: { appid: input.appId, grant_type: "refresh_token", component_appid: component.componentAppId, refresh_token: input.refreshToken },
  });
  return parseUserAccessToken(raw, REFRESH_PATH);
}
