/**
 * Fetching a new access_token from WeChat (the caching lives in cache.ts,
 * the central control in manager.ts). Two endpoints: the classic one, where every call
 * replaces the previous token (it stays valid 5 more minutes), and
 * stable_token, which returns the current token while it is valid and only
 * replaces it when asked to with force_refresh (20 a day, ≥ 30 s apart).
 */
import { WeChatHttpError } from "../errors";
import { requestWeChat, type HttpOptions } from "../http";
import type { FetchedCredential } from "./cache";

export type TokenMode = "classic" | "stable";

export interface AccessTokenResponse {
  access_token: string;
  expires_in: number;
}

export interface FetchAccessTokenParams {
  appId: string;
  appSecret: string;
  mode: TokenMode;
  /** stable mode only: invalidate the current token. Only for an explicit admin refresh. */
  forceRefresh?: boolean;
}

/**
 * Calls cgi-bin/token (classic) or cgi-bin/stable_token (stable).
 * Configuration errors (40164, 45009, 40013, 40125, 40243) surface as WeChatApiError, unretried.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html
 */
export async function fetchAccessToken(http: HttpOptions, params: FetchAccessTokenParams): Promise<FetchedCredential> {
  const { appId, appSecret, mode } = params;
  const res =
    mode === "stable"
      ? await requestWeChat<AccessTokenResponse>(http, {
          method: "POST",
          path: "/cgi-bin/stable_token",
          body: { grant_type: "client_credential", appid: appId, secret: appSecret, force_refresh: params.forceRefresh ?? false },
          // Without force_refresh the call returns the current token: safe to repeat.
          idempotent: !params.forceRefresh,
        })
      : await requestWeChat<AccessTokenResponse>(http, {
          path: "/cgi-bin/token",
          query: { grant_type: "client_credential", appid: appId, secret: appSecret },
        });
  return readCredential(res, "access_token", mode === "stable" ? "/cgi-bin/stable_token" : "/cgi-bin/token");
}

/** Checks the shape of a `{<field>, expires_in}` answer. */
export function readCredential(res: unknown, field: string, endpoint: string): FetchedCredential {
  const record = (res ?? {}) as Record<string, unknown>;
  const value = record[field];
  const expiresIn = Number(record.expires_in);
  if (typeof value !== "string" || value === "" || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new WeChatHttpError(200, endpoint, { cause: new Error(`answer lacks ${field} or expires_in`) });
  }
  return { value, expiresInSec: expiresIn };
}
