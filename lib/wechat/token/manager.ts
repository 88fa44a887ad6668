/**
 * The access-token central control (中控): one place that owns the
 * access_token and jsapi_ticket of an Official Account, shared by every
 * process through a CredentialStore, refreshed ahead of expiry by one caller,
 * with failures recorded for the admin dashboard (never the values).
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
 */
import { fetchAccessToken, type TokenMode } from "./fetch-access-token";
import { createCachedCredential, type CachedCredential, type CredentialHealth } from "./cache";
import type { CredentialKind, CredentialStore } from "./store";
import { WeChatConfigError } from "../errors";
import { DEFAULT_TOTAL_TIMEOUT_MS, type HttpOptions } from "../http";
import { fetchJsApiTicket } from "./fetch-jsapi-ticket";
import { silentLogger, type Clock, type Logger } from "../types";

export interface CredentialManagerOptions {
  appId: string;
  appSecret: string;
  /** Default "classic". */
  mode?: TokenMode;
  store: CredentialStore;
  http: HttpOptions;
  clock?: Clock;
  /** Used while waiting for another process's refresh; default: http.sleep or setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** [0, 1), for jitter. Default Math.random. */
  random?: () => number;
  /** Lease owner id; default a random id per manager (i.e. per process). */
  owner?: string;
  /** Refresh lease, default 15 s; longer than one bounded WeChat call. */
  leaseMs?: number;
  /** Refresh once less than this remains, default 5 min (plus refreshJitterMs × random). */
  refreshAheadMs?: number;
  /** Default 60 s. */
  refreshJitterMs?: number;
  /** Subtracted from expires_in, default 60 s. */
  safetyMarginMs?: number;
  /** Longest a caller waits for another process's refresh, default leaseMs + 5 s. */
  maxWaitMs?: number;
  logger?: Logger;
}

export interface CredentialsHealth {
  appId: string;
  mode: TokenMode;
  accessToken: CredentialHealth;
  jsApiTicket: CredentialHealth;
}

export interface CredentialManager {
  readonly appId: string;
  readonly mode: TokenMode;
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
   */
  forceRefresh(kind: CredentialKind): Promise<CredentialHealth>;
  /** Cron: refresh when less than `withinMs` (default refreshAheadMs) remain. True when refreshed. */
  refreshIfDue(kind: CredentialKind, withinMs?: number): Promise<boolean>;
  /** Expire the stored value only if it is still `value` ("expire only the token that failed"). */
  invalidate(kind: CredentialKind, value: string): Promise<boolean>;
  /** Expiry, last refresh, counts, last error — never the values. */
  getHealth(): Promise<CredentialsHealth>;
}

export const DEFAULT_LEASE_MS = 15_000;
export const DEFAULT_REFRESH_AHEAD_MS = 5 * 60_000;

export function createCredentialManager(options: CredentialManagerOptions): CredentialManager {
  const { appId, appSecret, store, http } = options;
  if (!appId) throw new WeChatConfigError("WeChat appId is required");
  if (!appSecret) throw new WeChatConfigError("WeChat appSecret is required");
  const mode: TokenMode = options.mode ?? "classic";
  if (mode !== "classic" && mode !== "stable") throw new WeChatConfigError(`unknown token mode "${String(mode)}"`);
  const logger = options.logger ?? http.logger ?? silentLogger;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const refreshAheadMs = options.refreshAheadMs ?? DEFAULT_REFRESH_AHEAD_MS;
  if (leaseMs <= (http.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS)) {
    // Another process could take the lease over while the holder's call is still running.
    logger.warn("wechat credential lease not longer than the HTTP call bound", { leaseMs });
  }
  const shared = {
    appId,
    store,
    owner: options.owner ?? `wechat-${globalThis.crypto.randomUUID()}`,
    clock: options.clock ?? Date.now,
    sleep: options.sleep ?? http.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    random: options.random ?? Math.random,
    logger,
    leaseMs,
    refreshAheadMs,
    refreshJitterMs: options.refreshJitterMs ?? 60_000,
    safetyMarginMs: options.safetyMarginMs ?? 60_000,
    maxWaitMs: options.maxWaitMs ?? leaseMs + 5_000,
    secrets: [appSecret],
  };

  const accessToken = createCachedCredential({
    ...shared,
    kind: "access_token",
    // force_refresh only ever comes from forceRefresh() (stable_token allows 20 a day).
    fetch: ({ force }) => fetchAccessToken(http, { appId, appSecret, mode, forceRefresh: force }),
  });
  const jsApiTicket = createCachedCredential({
    ...shared,
    kind: "jsapi_ticket",
    fetch: () =>
      fetchJsApiTicket({
        http,
        getAccessToken: () => accessToken.get(),
        invalidateAccessToken: (token) => accessToken.invalidate(token),
      }),
  });
  const pick = (kind: CredentialKind): CachedCredential => {
    if (kind === "access_token") return accessToken;
    if (kind === "jsapi_ticket") return jsApiTicket;
    throw new WeChatConfigError(`unknown credential kind "${String(kind)}"`);
  };

  return {
    appId,
    mode,
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
      return { appId, mode, accessToken: at, jsApiTicket: jt };
    },
  };
}
