/**
 * The settings every cached credential of the central control shares (lease, refresh ahead,
 * jitter, safety margin, waiting for another process), with their defaults filled in once:
 * for an account's own tokens (manager.ts) and for a third-party platform's component and
 * authorizer tokens (component/).
 */
import type { CachedCredentialOptions } from "./cache";
import type { CredentialStore } from "./store";
import { DEFAULT_TOTAL_TIMEOUT_MS, type HttpOptions } from "../http";
import type { Clock, Logger } from "../types";

/** How a credential is cached and refreshed; every field has a default. */
export interface CredentialCacheSettings {
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

export const DEFAULT_LEASE_MS = 15_000;
export const DEFAULT_REFRESH_AHEAD_MS = 5 * 60_000;

/** The settings with defaults, minus what differs per credential (its kind and how to fetch it). */
export type SharedCacheOptions = Omit<CachedCredentialOptions, "kind" | "fetch">;

/**
 * Fills in the defaults for the credentials of `appId` in `store`. `secrets` are scrubbed from
 * the failures recorded for the dashboard (the app secret, the component appsecret).
 */
export function sharedCacheOptions(
  target: { appId: string; store: CredentialStore; http: HttpOptions },
  settings: CredentialCacheSettings,
  logger: Logger,
  secrets: readonly string[],
): SharedCacheOptions {
  const { http } = target;
  const leaseMs = settings.leaseMs ?? DEFAULT_LEASE_MS;
  if (leaseMs <= (http.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS)) {
    // Another process could take the lease over while the holder's call is still running.
    logger.warn("wechat credential lease not longer than the HTTP call bound", { leaseMs });
  }
  return {
    appId: target.appId,
    store: target.store,
    owner: settings.owner ?? `wechat-${globalThis.crypto.randomUUID()}`,
    clock: settings.clock ?? Date.now,
    sleep: settings.sleep ?? http.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    random: settings.random ?? Math.random,
    logger,
    leaseMs,
    refreshAheadMs: settings.refreshAheadMs ?? DEFAULT_REFRESH_AHEAD_MS,
    refreshJitterMs: settings.refreshJitterMs ?? 60_000,
    safetyMarginMs: settings.safetyMarginMs ?? 60_000,
    maxWaitMs: settings.maxWaitMs ?? leaseMs + 5_000,
    secrets,
  };
}
