/**
 * Refreshing a cached credential under the store's cross-process lease: waiting for (or
 * taking) the lease on a cold start or a forced refresh, refreshing ahead of expiry while the
 * current value stays in use, and recording failures (secrets scrubbed) for the dashboard.
 * The in-process single flight on top of these lives in cache.ts.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
 */
import { WeChatTimeoutError } from "../errors";
import { redact } from "../redact";
import type { CredentialStore, CredentialKind, StoredCredential } from "./store";
import type { Clock, Logger } from "../types";

export interface FetchedCredential {
  value: string;
  /** WeChat's expires_in, in seconds. */
  expiresInSec: number;
}

export interface LeaseRefreshOptions {
  appId: string;
  kind: CredentialKind;
  store: CredentialStore;
  /** Calls WeChat. `force` is true only for an explicit admin refresh. */
  fetch: (options: { force: boolean }) => Promise<FetchedCredential>;
  owner: string;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  /** [0, 1) */
  random: () => number;
  logger: Logger;
  leaseMs: number;
  safetyMarginMs: number;
  maxWaitMs: number;
  /** Strings scrubbed from recorded error messages (the app secret). */
  secrets: readonly string[];
}

/** The options plus this process's refresh-ahead time (jitter drawn once). */
export type RefreshContext = LeaseRefreshOptions & { aheadMs: number };

const POLL_MIN_MS = 100;
const POLL_MAX_MS = 250;
const MAX_ERROR_LENGTH = 500;

export type Usable = StoredCredential & { value: string; expiresAt: number };

export const usable = (rec: StoredCredential | null, now: number): rec is Usable =>
  !!rec && rec.value !== null && rec.expiresAt !== null && rec.expiresAt > now;

// A short-lived credential (simulator) must not sit in its refresh window from birth.
export function isDue(rec: Usable, now: number, withinMs: number): boolean {
  const lifetime = rec.refreshedAt !== null ? rec.expiresAt - rec.refreshedAt : Infinity;
  return rec.expiresAt - now <= Math.min(withinMs, lifetime / 2);
}

/** When a value WeChat issued no later than `startedAt` must stop being used: expires_in minus the safety margin (at most half of it). */
export function expiryOf(startedAt: number, expiresInSec: number, safetyMarginMs: number): number {
  const ttl = expiresInSec * 1000;
  return startedAt + Math.max(ttl - safetyMarginMs, ttl / 2);
}

function describeError(o: RefreshContext, error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return redact(text, o.secrets).slice(0, MAX_ERROR_LENGTH);
}

/** Calls WeChat while holding the lease. Null when our save was refused (someone took the lease over). */
async function refreshHoldingLease(o: RefreshContext, force: boolean): Promise<string | null> {
  const { appId, kind, store } = o;
  const startedAt = o.clock();
  let fetched: FetchedCredential;
  try {
    fetched = await o.fetch({ force });
  } catch (error) {
    const message = describeError(o, error);
    o.logger.error("wechat credential refresh failed", { appId, kind, error: message });
    try {
      await store.saveFailure(appId, kind, o.owner, message, o.clock());
    } catch (storeError) {
      o.logger.error("wechat credential failure not recorded", { appId, kind, error: describeError(o, storeError) });
    }
    throw error;
  }
  // The lifetime started when WeChat issued it, i.e. no later than our request.
  const expiresAt = expiryOf(startedAt, fetched.expiresInSec, o.safetyMarginMs);
  if (await store.saveRefreshed(appId, kind, o.owner, fetched.value, expiresAt, o.clock())) {
    o.logger.info("wechat credential refreshed", { appId, kind, expiresAt, forced: force });
    return fetched.value;
  }
  o.logger.warn("wechat credential lease lost; using the stored value", { appId, kind });
  return null;
}

/** Waits for (or takes) the lease until a value with more than `minRemainingMs` left is stored. */
export async function obtain(o: RefreshContext, force: boolean, minRemainingMs: number): Promise<string> {
  const { appId, kind, store } = o;
  const fresh = (rec: StoredCredential | null, now: number): rec is Usable =>
    usable(rec, now) && (minRemainingMs <= 0 || !isDue(rec, now, minRemainingMs));
  const deadline = o.clock() + o.maxWaitMs;
  for (;;) {
    const now = o.clock();
    if (!force) {
      const rec = await store.get(appId, kind);
      if (fresh(rec, now)) return rec.value;
    }
    if (await store.acquireLease(appId, kind, o.owner, now, o.leaseMs)) {
      if (!force) {
        // Another process may have saved a fresh value and released the lease between our
        // read and our acquire: refreshing again would replace a token others already use.
        const rec = await store.get(appId, kind);
        if (fresh(rec, o.clock())) {
          // Give the lease back at once: a held lease would stall the next refresh (after a
          // 40001, or the admin's forced one) until it expired.
          await store.releaseLease(appId, kind, o.owner);
          return rec.value;
        }
      }
      const value = await refreshHoldingLease(o, force);
      if (value !== null) return value;
      // Another process refreshed after our lease ran out; read its value back.
      force = false;
      minRemainingMs = 0;
      continue;
    }
    if (o.clock() >= deadline) throw new WeChatTimeoutError(o.maxWaitMs, `${kind} refresh lease`);
    await o.sleep(POLL_MIN_MS + Math.floor(o.random() * (POLL_MAX_MS - POLL_MIN_MS)));
  }
}

/** Inside the refresh window: one caller refreshes, falling back to the still-valid value. */
export async function refreshAhead(o: RefreshContext, current: Usable): Promise<string> {
  const { appId, kind, store } = o;
  try {
    if (!(await store.acquireLease(appId, kind, o.owner, o.clock(), o.leaseMs))) return current.value;
    // Our read may predate another process's refresh (it saved and released the lease since):
    // refresh only if the stored value is still the one that was due.
    const latest = await store.get(appId, kind);
    if (usable(latest, o.clock()) && (latest.value !== current.value || !isDue(latest, o.clock(), o.aheadMs))) {
      await store.releaseLease(appId, kind, o.owner);
      return latest.value;
    }
    const value = await refreshHoldingLease(o, false);
    if (value !== null) return value;
    const rec = await store.get(appId, kind);
    if (usable(rec, o.clock())) return rec.value;
  } catch (error) {
    if (current.expiresAt <= o.clock()) throw error;
    o.logger.warn("wechat proactive refresh failed; current value still valid", { appId, kind, error: describeError(o, error) });
  }
  return current.value;
}
