/**
 * One cached credential (access_token or jsapi_ticket) kept fresh in a shared
 * store: read-through, refreshed ahead of expiry by one caller while the others
 * keep using the still-valid value, in-process single-flight plus a
 * cross-process lease for cold starts, and failures recorded for the dashboard.
 *
 * Values never leave this module except as return values of get()/forceRefresh():
 * not in logs, errors or health reports.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
 */
import { WeChatTimeoutError } from "../errors";
import { redact } from "../http";
import { beijingDay, type CredentialKind, type CredentialStore, type StoredCredential } from "./store";
import type { Clock, Logger } from "../types";

export interface FetchedCredential {
  value: string;
  /** WeChat's expires_in, in seconds. */
  expiresInSec: number;
}

export interface CachedCredentialOptions {
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
  refreshAheadMs: number;
  refreshJitterMs: number;
  safetyMarginMs: number;
  maxWaitMs: number;
  /** Strings scrubbed from recorded error messages (the app secret). */
  secrets: readonly string[];
}

/** What the dashboard may show about a credential — never its value. */
export interface CredentialHealth {
  kind: CredentialKind;
  present: boolean;
  valid: boolean;
  expiresAt: number | null;
  expiresInMs: number | null;
  refreshedAt: number | null;
  /** Refreshes today (Beijing day); 0 when the last refresh was on an earlier day. */
  refreshCountToday: number;
  refreshDay: string | null;
  totalRefreshCount: number;
  lastError: string | null;
  lastErrorAt: number | null;
  /** Some process holds an unexpired refresh lease. */
  refreshing: boolean;
}

export interface CachedCredential {
  /** A valid value, refreshing it when missing, expired or due. */
  get(): Promise<string>;
  /**
   * Refreshes now, ignoring the cached value (waits for another holder's lease
   * first); the fetcher gets `force: true`. Concurrent calls in a process share one refresh.
   */
  forceRefresh(): Promise<string>;
  /** Refreshes when less than `withinMs` of validity remain; true when a refresh happened. */
  refreshIfDue(withinMs: number): Promise<boolean>;
  /** Expire the stored value only if it is still `value`. */
  invalidate(value: string): Promise<boolean>;
  health(): Promise<CredentialHealth>;
}

const POLL_MIN_MS = 100;
const POLL_MAX_MS = 250;
const MAX_ERROR_LENGTH = 500;

type Usable = StoredCredential & { value: string; expiresAt: number };

/** The options plus this process's refresh-ahead time (jitter drawn once). */
type Ctx = CachedCredentialOptions & { aheadMs: number };

const usable = (rec: StoredCredential | null, now: number): rec is Usable =>
  !!rec && rec.value !== null && rec.expiresAt !== null && rec.expiresAt > now;

// A short-lived credential (simulator) must not sit in its refresh window from birth.
function isDue(rec: Usable, now: number, withinMs: number): boolean {
  const lifetime = rec.refreshedAt !== null ? rec.expiresAt - rec.refreshedAt : Infinity;
  return rec.expiresAt - now <= Math.min(withinMs, lifetime / 2);
}

function describeError(o: Ctx, error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return redact(text, o.secrets).slice(0, MAX_ERROR_LENGTH);
}

/** Calls WeChat while holding the lease. Null when our save was refused (someone took the lease over). */
async function refreshHoldingLease(o: Ctx, force: boolean): Promise<string | null> {
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
  const ttl = fetched.expiresInSec * 1000;
  const expiresAt = startedAt + Math.max(ttl - o.safetyMarginMs, ttl / 2);
  if (await store.saveRefreshed(appId, kind, o.owner, fetched.value, expiresAt, o.clock())) {
    o.logger.info("wechat credential refreshed", { appId, kind, expiresAt, forced: force });
    return fetched.value;
  }
  o.logger.warn("wechat credential lease lost; using the stored value", { appId, kind });
  return null;
}

/** Waits for (or takes) the lease until a value with more than `minRemainingMs` left is stored. */
async function obtain(o: Ctx, force: boolean, minRemainingMs: number): Promise<string> {
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
async function refreshAhead(o: Ctx, current: Usable): Promise<string> {
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

/** The dashboard's view of a stored credential: never its value. */
function healthOf(kind: CredentialKind, rec: StoredCredential | null, now: number): CredentialHealth {
  return {
    kind,
    present: !!rec?.value,
    valid: usable(rec, now),
    expiresAt: rec?.expiresAt ?? null,
    expiresInMs: rec?.expiresAt != null ? Math.max(0, rec.expiresAt - now) : null,
    refreshedAt: rec?.refreshedAt ?? null,
    refreshCountToday: rec && rec.refreshDay === beijingDay(now) ? rec.refreshCount : 0,
    refreshDay: rec?.refreshDay ?? null,
    totalRefreshCount: rec?.totalRefreshCount ?? 0,
    lastError: rec?.lastError ?? null,
    lastErrorAt: rec?.lastErrorAt ?? null,
    refreshing: !!rec && rec.leaseOwner !== null && rec.leaseUntil !== null && rec.leaseUntil >= now,
  };
}

export function createCachedCredential(options: CachedCredentialOptions): CachedCredential {
  // Jitter drawn once per process spreads instances' refreshes apart.
  const o: Ctx = { ...options, aheadMs: options.refreshAheadMs + Math.floor(options.random() * options.refreshJitterMs) };
  const { appId, kind, store } = o;
  // In-process single flight: concurrent callers share one cold fetch, one refresh ahead, one forced refresh.
  const flights: Record<"cold" | "ahead" | "forced", Promise<string> | null> = { cold: null, ahead: null, forced: null };
  function single(slot: "cold" | "ahead" | "forced", run: () => Promise<string>): Promise<string> {
    const p = (async () => {
      try {
        return await run();
      } finally {
        flights[slot] = null;
      }
    })();
    flights[slot] = p;
    return p;
  }

  return {
    async get() {
      if (flights.cold) return flights.cold;
      const rec = await store.get(appId, kind);
      const now = o.clock();
      if (usable(rec, now)) {
        if (!isDue(rec, now, o.aheadMs) || flights.ahead || flights.cold || flights.forced) return rec.value;
        return single("ahead", () => refreshAhead(o, rec));
      }
      return flights.cold ?? single("cold", () => obtain(o, false, 0));
    },
    async forceRefresh() {
      return flights.forced ?? single("forced", () => obtain(o, true, 0));
    },
    async refreshIfDue(withinMs) {
      const before = await store.get(appId, kind);
      const now = o.clock();
      if (usable(before, now) && !isDue(before, now, withinMs)) return false;
      await obtain(o, false, withinMs);
      const after = await store.get(appId, kind);
      return (after?.refreshedAt ?? null) !== (before?.refreshedAt ?? null);
    },
    invalidate(value) {
      return store.invalidate(appId, kind, value);
    },
    async health() {
      return healthOf(kind, await store.get(appId, kind), o.clock());
    },
  };
}
