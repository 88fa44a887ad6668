/**
 * The access-token central control (中控): one place that owns the
 * access_token and jsapi_ticket of an Official Account, shared by every
 * process through a CredentialStore, refreshed ahead of expiry by one caller,
 * with failures recorded for the admin dashboard (never the values).
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
 */
import { fetchAccessToken, type TokenMode } from "./fetch-access-token";
import { createCachedCredential, type CachedCredential, type CredentialHealth, type FetchedCredential } from "./cache";
import { sharedCacheOptions, type CredentialCacheSettings, type SharedCacheOptions } from "./settings";
import type { CredentialKind, CredentialStore } from "./store";
import { WeChatConfigError } from "../errors";
import type { HttpOptions } from "../http";
import { fetchJsApiTicket } from "./fetch-jsapi-ticket";
import { silentLogger } from "../types";

export interface CredentialManagerOptions extends CredentialCacheSettings {
  appId: string;
  appSecret: string;
  /** Default "classic". */
  mode?: TokenMode;
  store: CredentialStore;
  http: HttpOptions;
}

/** Where the access_token comes from: cgi-bin/token, stable_token, or a third-party platform (api_authorizer_token). */
export type CredentialMode = TokenMode | "authorizer";

export interface CredentialsHealth {
  appId: string;
  mode: CredentialMode;
  accessToken: CredentialHealth;
  jsApiTicket: CredentialHealth;
}

export interface CredentialManager {
  readonly appId: string;
  readonly mode: CredentialMode;
  /**
   * A valid access_token from the store, fetched when missing or expired.
   * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
   */
  getAccessToken(): Promise<string>;
  /**
   * A valid jsapi_ticket, cached like the access_token.
   * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html#62
   */
  getJsApiTicket(): Promise<string>;
  /**
   * Admin button: fetch a new value now. In stable mode the access_token call
   * sends force_refresh:true (WeChat allows 20 a day) — nothing else does.
   * `kind` is "access_token" or "jsapi_ticket" whatever the mode (or the mode's stored kind).
   */
  forceRefresh(kind: CredentialKind): Promise<CredentialHealth>;
  /** Cron: refresh when less than `withinMs` (default refreshAheadMs) remain. True when refreshed. */
  refreshIfDue(kind: CredentialKind, withinMs?: number): Promise<boolean>;
  /** Expire the stored value only if it is still `value` ("expire only the token that failed"). */
  invalidate(kind: CredentialKind, value: string): Promise<boolean>;
  /** Expiry, last refresh, counts, last error — never the values. */
  getHealth(): Promise<CredentialsHealth>;
}

/** How one account's access_token is got, and the kinds its two credentials are stored under. */
export interface CredentialPairSpec {
  mode: CredentialMode;
  /** For getticket (the jsapi_ticket is got with the access_token, whatever its source). */
  http: HttpOptions;
  kinds: { accessToken: CredentialKind; jsApiTicket: CredentialKind };
  /** Calls WeChat for a new access_token; `force` only from forceRefresh(). */
  fetchAccessToken: (options: { force: boolean }) => Promise<FetchedCredential>;
}

/**
 * An account's access_token and the jsapi_ticket got with it, each cached with refresh ahead,
 * single flight and a cross-process lease, behind the CredentialManager interface — whichever
 * way the access_token is obtained (the account's secret, or a third-party platform).
 */
export function createCredentialPair(shared: SharedCacheOptions, spec: CredentialPairSpec): CredentialManager {
  const { appId, refreshAheadMs } = shared;
  const { kinds } = spec;
  const accessToken = createCachedCredential({ ...shared, kind: kinds.accessToken, fetch: spec.fetchAccessToken });
  const jsApiTicket = createCachedCredential({
    ...shared,
    kind: kinds.jsApiTicket,
    fetch: () =>
      fetchJsApiTicket({
        http: spec.http,
        getAccessToken: () => accessToken.get(),
        invalidateAccessToken: (token) => accessToken.invalidate(token),
      }),
  });
  const pick = (kind: CredentialKind): CachedCredential => {
    if (kind === "access_token" || kind === kinds.accessToken) return accessToken;
    if (kind === "jsapi_ticket" || kind === kinds.jsApiTicket) return jsApiTicket;
    throw new WeChatConfigError(`unknown credential kind "${String(kind)}"`);
  };

  return {
    appId,
    mode: spec.mode,
    getAccessToken: () => accessToken.get(),
    getJsApiTicket: () => jsApiTicket.get(),
    async forceRefresh(kind) {
      const credential = pick(kind);
      await credential.forceRefresh();
      return credential.health();
    },
    refreshIfDue: async (kind, withinMs = refreshAheadMs) => pick(kind).refreshIfDue(withinMs),
    invalidate: async (kind, value) => pick(kind).invalidate(value),
    async getHealth() {
      const [at, jt] = await Promise.all([accessToken.health(), jsApiTicket.health()]);
      return { appId, mode: spec.mode, accessToken: at, jsApiTicket: jt };
    },
  };
}

/**
 * The token central control over `options.store`: access_token and jsapi_ticket, each
 * cached with refresh ahead, single flight and a cross-process lease.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
 */
export function createCredentialManager(options: CredentialManagerOptions): CredentialManager {
  const { appId, appSecret, http } = options;
  if (!appId) throw new WeChatConfigError("WeChat appId is required");
  if (!appSecret) throw new WeChatConfigError("WeChat appSecret is required");
  const mode: TokenMode = options.mode ?? "classic";
  if (mode !== "classic" && mode !== "stable") throw new WeChatConfigError(`unknown token mode "${String(mode)}"`);
  const shared = sharedCacheOptions(options, options, options.logger ?? http.logger ?? silentLogger, [appSecret]);
  return createCredentialPair(shared, {
    mode,
    http,
    kinds: { accessToken: "access_token", jsApiTicket: "jsapi_ticket" },
    // force_refresh only ever comes from forceRefresh() (stable_token allows 20 a day).
    fetchAccessToken: ({ force }) => fetchAccessToken(http, { appId, appSecret, mode, forceRefresh: force }),
  });
}
