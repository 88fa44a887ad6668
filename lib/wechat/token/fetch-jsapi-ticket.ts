/**
 * Fetching a new jsapi_ticket (cached like the access_token by
 * manager.ts; signing pages is the JS-SDK module's job).
 */
import { callWithAccessToken, type AccessTokenSource } from "../api-client";
import { readCredential } from "./fetch-access-token";
import type { FetchedCredential } from "./cache";
import type { HttpOptions } from "../http";

/**
 * GET cgi-bin/ticket/getticket?type=jsapi, with the usual single token refresh-and-retry.
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html#62
 */
export async function fetchJsApiTicket(deps: AccessTokenSource & { http: HttpOptions }): Promise<FetchedCredential> {
  const res = await callWithAccessToken<unknown>(deps, { path: "/cgi-bin/ticket/getticket", query: { type: "jsapi" } });
  return readCredential(res, "ticket", "/cgi-bin/ticket/getticket");
}
