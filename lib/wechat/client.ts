/**
 * One object per Official Account: the credential manager plus the
 * authenticated call that the API modules (lib/wechat/api/*) take. Adding an
 * API area (menus, templates, QR codes) is one small function over
 * `client.call`.
 */
import { callWithAccessToken, streamWithAccessToken, type WeChatApiCaller, type WeChatStreamCaller } from "./api-client";
import { createCredentialManager, type CredentialManager, type CredentialManagerOptions } from "./token/manager";
import type { ApiRequest, HttpOptions } from "./http";

export type WeChatClientOptions = CredentialManagerOptions;

export interface WeChatClient extends WeChatApiCaller, WeChatStreamCaller {
  readonly appId: string;
  readonly credentials: CredentialManager;
  /** For calls that do not take an access_token (e.g. OAuth's sns/* endpoints). */
  readonly http: HttpOptions;
  /** An API call with access_token added, retried once with a new token on 40001/40014/42001. */
  call<T>(req: ApiRequest): Promise<T>;
}

export function createWeChatClient(options: WeChatClientOptions): WeChatClient {
  return createWeChatClientOver(createCredentialManager(options), options.http);
}

/**
 * A client over credentials got another way — an account authorized to a third-party platform,
 * whose access_token comes from api_authorizer_token — that every API group takes unchanged.
 */
export function createWeChatClientOver(credentials: CredentialManager, http: HttpOptions): WeChatClient {
  const deps = {
    http,
    getAccessToken: () => credentials.getAccessToken(),
    invalidateAccessToken: (token: string) => credentials.invalidate("access_token", token),
  };
  return {
    appId: credentials.appId,
    credentials,
    http,
    call: <T>(req: ApiRequest) => callWithAccessToken<T>(deps, req),
    stream: (req: ApiRequest) => streamWithAccessToken(deps, req),
  };
}
