/**
 * Getting an authorized account's access_token from its refresh token, and what the peers'
 * issue trackers show goes wrong there: a refresh token never stored, or lost (it is recovered
 * from api_get_authorizer_list, else api_get_authorizer_info); one WeChat stopped accepting
 * (61023: rotated by a newer authorization — recovered the same way, once); one rotated by
 * api_authorizer_token (the new one is stored at once). An account that withdrew, or whose
 * refresh token cannot be found, is an AuthorizationRequiredError: it must authorize again.
 *
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_authorizer_token.html
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/Account_Authorization/api_get_authorizer_list.html
 */
import { WeChatApiError } from "../errors";
import type { FetchedCredential } from "../token/cache";
import type { Clock, Logger } from "../types";
import { refreshAuthorizerToken } from "./authorization-api";
import { getAuthorizerInfo, getAuthorizerList, MAX_AUTHORIZER_PAGE } from "./authorizer-api";
import type { AuthorizerStore } from "./authorizer-store";
import type { ComponentCaller } from "./component-token";
import { AuthorizationRequiredError } from "./errors";

/** 61023: refresh_token is invalid. */
const REFRESH_TOKEN_INVALID = 61023;
/** 61003: component is not authorized by this account. */
const NOT_AUTHORIZED = 61003;
/** Pages of the authorizer list read while looking for one account (500 each). */
const MAX_LIST_PAGES = 40;

export interface AuthorizerTokenDeps {
  platform: ComponentCaller;
  authorizers: AuthorizerStore;
  clock: Clock;
  logger: Logger;
}

/** The account's current refresh token from WeChat: the authorizer list, else its info. Null when neither has one. */
export async function recoverRefreshToken(deps: AuthorizerTokenDeps, authorizerAppId: string): Promise<string | null> {
  const { platform } = deps;
  for (let page = 0, offset = 0; page < MAX_LIST_PAGES; page++) {
    const { list, totalCount } = await getAuthorizerList(platform, { offset, count: MAX_AUTHORIZER_PAGE });
    const entry = list.find((e) => e.authorizerAppId === authorizerAppId);
    if (entry?.refreshToken) return entry.refreshToken;
    offset += list.length;
    if (entry || list.length === 0 || offset >= totalCount) break;
  }
  // The list leaves the token out for some accounts; the account's own info carries it.
  try {
    return (await getAuthorizerInfo(platform, authorizerAppId)).refreshToken ?? null;
  } catch (error) {
    if (error instanceof WeChatApiError && error.errcode === NOT_AUTHORIZED) return null;
    throw error;
  }
}

/** Recovers the refresh token and stores it (creating the record when it was lost entirely). */
async function recoverAndStore(deps: AuthorizerTokenDeps, authorizerAppId: string, problem: "refresh_token_missing" | "refresh_token_invalid"): Promise<string> {
  const { platform, authorizers, clock } = deps;
  const recovered = await recoverRefreshToken(deps, authorizerAppId);
  if (!recovered) throw new AuthorizationRequiredError(authorizerAppId, problem);
  const componentAppId = platform.componentAppId;
  const stored =
    (await authorizers.saveRefreshToken(componentAppId, authorizerAppId, recovered, clock())) ||
    // No record at all (lost with its row): WeChat lists the account, so it is authorized.
    (await authorizers.saveAuthorization({ componentAppId, authorizerAppId, refreshToken: recovered, funcInfo: [], at: 0 }));
  deps.logger.warn("wechat authorizer refresh token recovered from WeChat", { authorizerAppId, stored });
  return recovered;
}

/**
 * A new authorizer_access_token for the account, through its stored refresh token (recovered
 * when missing or refused once); a rotated refresh token is stored before returning.
 */
export async function fetchAuthorizerAccessToken(deps: AuthorizerTokenDeps, authorizerAppId: string): Promise<FetchedCredential> {
  const { platform, authorizers, clock } = deps;
  const record = await authorizers.get(platform.componentAppId, authorizerAppId);
  if (record?.status === "unauthorized") throw new AuthorizationRequiredError(authorizerAppId, "unauthorized");
  let refreshToken = record?.refreshToken ?? (await recoverAndStore(deps, authorizerAppId, "refresh_token_missing"));
  let recovered = !record?.refreshToken;
  for (;;) {
    try {
      const token = await refreshAuthorizerToken(platform, { authorizerAppId, refreshToken });
      if (token.refreshToken && token.refreshToken !== refreshToken) {
        await authorizers.saveRefreshToken(platform.componentAppId, authorizerAppId, token.refreshToken, clock());
      }
      return { value: token.accessToken, expiresInSec: token.expiresIn };
    } catch (error) {
      if (!(error instanceof WeChatApiError) || error.errcode !== REFRESH_TOKEN_INVALID) throw error;
      if (recovered) throw new AuthorizationRequiredError(authorizerAppId, "refresh_token_invalid", { cause: error });
      const newer = await recoverAndStore(deps, authorizerAppId, "refresh_token_invalid");
      if (newer === refreshToken) throw new AuthorizationRequiredError(authorizerAppId, "refresh_token_invalid", { cause: error });
      refreshToken = newer;
      recovered = true;
    }
  }
}
