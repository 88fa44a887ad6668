/**
 * The platform's component_access_token under the same central control as an account's
 * access_token (token/cache.ts): stored in the CredentialStore under (component_appid,
 * "component_access_token"), refreshed ahead of expiry by one instance holding the lease,
 * invalidated only when a call reports that very value rejected, counted per Beijing day.
 * It is bought with the last component_verify_ticket kept (ticket-store.ts): none yet, or one
 * older than 12 hours, is a ComponentTicketMissingError — recorded for the dashboard, and the
 * next call tries again.
 *
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/component_access_token.html
 */
import { callWithAccessToken } from "../api-client";
import { WeChatApiError, WeChatConfigError } from "../errors";
import { requestWeChat, type ApiRequest, type HttpOptions } from "../http";
import { createCachedCredential, type CredentialHealth, type FetchedCredential } from "../token/cache";
import { readCredential } from "../token/fetch-access-token";
import { sharedCacheOptions, type CredentialCacheSettings } from "../token/settings";
import type { CredentialStore } from "../token/store";
import { silentLogger } from "../types";
import { ComponentTicketMissingError } from "./errors";
import { isTicketFresh, type ComponentTicketStore } from "./ticket-store";

const TOKEN_PATH = "/cgi-bin/component/api_component_token";
/** 61005 component ticket is expired, 61006 component ticket is invalid. */
const TICKET_REFUSED = new Set([61005, 61006]);

/**
 * POST cgi-bin/component/api_component_token. 61005/61006 (the ticket refused) become a
 * ComponentTicketMissingError; 61004 (IP not whitelisted), 40125, 45009… surface unchanged.
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/component_access_token.html
 */
export async function fetchComponentAccessToken(
  http: HttpOptions,
  input: { componentAppId: string; componentAppSecret: string; ticket: string },
): Promise<FetchedCredential> {
  try {
    const res = await requestWeChat<unknown>(http, {
      method: "POST",
      path: TOKEN_PATH,
      body: { component_appid: input.componentAppId, component_appsecret: input.componentAppSecret, component_verify_ticket: input.ticket },
      // Repeating it only returns another token: as harmless as cgi-bin/token's GET.
      idempotent: true,
    });
    return readCredential(res, "component_access_token", TOKEN_PATH);
  } catch (error) {
    if (error instanceof WeChatApiError && TICKET_REFUSED.has(error.errcode)) {
      throw new ComponentTicketMissingError(input.componentAppId, "rejected", { cause: error });
    }
    throw error;
  }
}

export interface ComponentCredentialsOptions extends CredentialCacheSettings {
  componentAppId: string;
  componentAppSecret: string;
  tickets: ComponentTicketStore;
  /** The credential store the accounts' tokens use: one table, one lease per (appId, kind). */
  store: CredentialStore;
  http: HttpOptions;
}

/** The component_access_token's central control. Values never leave it except from getAccessToken. */
export interface ComponentCredentials {
  readonly componentAppId: string;
  /** A valid component_access_token, fetched when missing, expired or due. */
  getAccessToken(): Promise<string>;
  /** Expire the stored value only if it is still `value` (what a call reported rejected). */
  invalidate(value: string): Promise<boolean>;
  /** Admin button: a new token now. */
  forceRefresh(): Promise<CredentialHealth>;
  /** Cron: refresh when less than `withinMs` (default refreshAheadMs) remain. True when refreshed. */
  refreshIfDue(withinMs?: number): Promise<boolean>;
  /** Expiry, counts per Beijing day, last error (e.g. "no component_verify_ticket received yet") — never the value. */
  getHealth(): Promise<CredentialHealth>;
}

export function createComponentCredentials(options: ComponentCredentialsOptions): ComponentCredentials {
  const { componentAppId, componentAppSecret, tickets, http } = options;
  if (!componentAppId) throw new WeChatConfigError("component_appid is required");
  if (!componentAppSecret) throw new WeChatConfigError("component_appsecret is required");
  const logger = options.logger ?? http.logger ?? silentLogger;
  const shared = sharedCacheOptions({ appId: componentAppId, store: options.store, http }, options, logger, [componentAppSecret]);
  const token = createCachedCredential({
    ...shared,
    kind: "component_access_token",
    async fetch() {
      const stored = await tickets.get(componentAppId);
      if (!stored) throw new ComponentTicketMissingError(componentAppId, "missing");
      if (!isTicketFresh(stored, shared.clock())) throw new ComponentTicketMissingError(componentAppId, "expired");
      return fetchComponentAccessToken(http, { componentAppId, componentAppSecret, ticket: stored.ticket });
    },
  });
  return {
    componentAppId,
    getAccessToken: () => token.get(),
    invalidate: (value) => token.invalidate(value),
    async forceRefresh() {
      await token.forceRefresh();
      return token.health();
    },
    refreshIfDue: (withinMs = shared.refreshAheadMs) => token.refreshIfDue(withinMs),
    getHealth: () => token.health(),
  };
}

/** What the platform's own calls need: one call with component_access_token (cf. WeChatApiCaller). */
export interface ComponentCaller {
  readonly componentAppId: string;
  /** A call with component_access_token added, retried once with a new token on 40001/40014/42001. */
  call<T>(req: ApiRequest): Promise<T>;
}

/** The platform's authenticated call: the one owner of "HTTP 200 + errcode" and the retry stays api-client.ts. */
export function componentCaller(credentials: ComponentCredentials, http: HttpOptions): ComponentCaller {
  const deps = {
    http,
    tokenQueryName: "component_access_token",
    getAccessToken: () => credentials.getAccessToken(),
    invalidateAccessToken: (value: string) => credentials.invalidate(value),
  };
  return { componentAppId: credentials.componentAppId, call: <T>(req: ApiRequest) => callWithAccessToken<T>(deps, req) };
}
