/**
 * An authorized account as a WeChatClient: the same interface every API group, the JS-SDK
 * signer and the console take, its access_token coming from api_authorizer_token under the
 * central control (stored as (authorizer appid, "authorizer_access_token"): one refresher
 * across instances, refreshed ahead, invalidated only when a call reports that very value
 * rejected) and its jsapi_ticket got with that token (stored as "authorizer_jsapi_ticket").
 *
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/call_interface.html
 */
import { createWeChatClientOver, type WeChatClient } from "../client";
import type { HttpOptions } from "../http";
import { createCredentialPair, type CredentialManager } from "../token/manager";
import type { SharedCacheOptions } from "../token/settings";
import type { CredentialKind } from "../token/store";
import type { AuthorizerStore } from "./authorizer-store";
import { fetchAuthorizerAccessToken } from "./authorizer-token";
import type { ComponentCaller } from "./component-token";

/** The kinds an authorizer's credentials are stored under (what `forget` drops when it withdraws). */
export const AUTHORIZER_KINDS: readonly CredentialKind[] = ["authorizer_access_token", "authorizer_jsapi_ticket"];

export interface AuthorizerClientDeps {
  platform: ComponentCaller;
  authorizers: AuthorizerStore;
  /** The platform's cache settings, with `appId` replaced by the authorizer's. */
  shared: SharedCacheOptions;
  http: HttpOptions;
}

/** The authorizer's central control: mode "authorizer", health and forced refresh as for any account. */
export function createAuthorizerCredentials(deps: AuthorizerClientDeps): CredentialManager {
  const { shared } = deps;
  const tokenDeps = { platform: deps.platform, authorizers: deps.authorizers, clock: shared.clock, logger: shared.logger };
  return createCredentialPair(shared, {
    mode: "authorizer",
    http: deps.http,
    kinds: { accessToken: "authorizer_access_token", jsApiTicket: "authorizer_jsapi_ticket" },
    // api_authorizer_token has no force flag: a forced refresh is an ordinary one.
    fetchAccessToken: () => fetchAuthorizerAccessToken(tokenDeps, shared.appId),
  });
}

/** A WeChatClient for the account `deps.shared.appId`, authorized to the platform. */
export function createAuthorizerClient(deps: AuthorizerClientDeps): WeChatClient {
  return createWeChatClientOver(createAuthorizerCredentials(deps), deps.http);
}
