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
import { healthOf, type CredentialHealth } from "./health";
import { isDue, obtain, refreshAhead, usable, type LeaseRefreshOptions, type RefreshContext } from "./lease-refresh";

export type { CredentialHealth } from "./health";
export type { FetchedCredential } from "./lease-refresh";

export interface CachedCredentialOptions extends LeaseRefreshOptions {
  refreshAheadMs: number;
  refreshJitterMs: number;
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

export function createCachedCredential(options: CachedCredentialOptions): CachedCredential {
  // Jitter drawn once per process spreads instances' refreshes apart.
  const o: RefreshContext = { ...options, aheadMs: options.refreshAheadMs + Math.floor(options.random() * options.refreshJitterMs) };
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
