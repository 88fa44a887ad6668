/**
 * Where cached credentials (access_token, jsapi_ticket) live between requests
 * and processes. The app implements it with Prisma; unit tests use the
 * in-memory version below. Every implementation must pass
 * `describeCredentialStoreContract` (lib/wechat/testing/credential-store-contract.ts).
 *
 * Refreshing is coordinated with a lease (a short-lived lock row), so that
 * of many serverless instances only one calls WeChat — each call to
 * cgi-bin/token invalidates the previous token and eats into a daily quota.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
 */

/**
 * What a row holds, keyed by (appId, kind): an account's own access_token and jsapi_ticket;
 * a third-party platform's component_access_token (appId = component_appid); and, for each
 * account authorized to that platform, its authorizer_access_token and the jsapi_ticket got
 * with it (appId = the authorizer's appid). The kinds stay apart, so an account served both
 * directly and through a platform never answers one mode with the other's value.
 */
export type CredentialKind =
  | "access_token"
  | "jsapi_ticket"
  | "component_access_token"
  | "authorizer_access_token"
  | "authorizer_jsapi_ticket";

export interface StoredCredential {
  value: string | null;
  /** ms since epoch; the value must not be used at or after this instant. */
  expiresAt: number | null;
  refreshedAt: number | null;
  leaseOwner: string | null;
  leaseUntil: number | null;
  /** Successful refreshes on `refreshDay` (Beijing day: WeChat quotas reset at 00:00 UTC+8). */
  refreshCount: number;
  /** 'YYYY-MM-DD' in UTC+8. */
  refreshDay: string | null;
  totalRefreshCount: number;
  /** Kept after a later success: compare lastErrorAt with refreshedAt. Never contains a secret. */
  lastError: string | null;
  lastErrorAt: number | null;
}

export interface CredentialStore {
  get(appId: string, kind: CredentialKind): Promise<StoredCredential | null>;
  /**
   * Atomically take the refresh lease if free (leaseOwner null) or expired
   * (leaseUntil < now), creating the row when missing. True = caller holds it
   * until `now + leaseMs`. Must be atomic across processes. Not re-entrant:
   * the current holder asking again gets false while its lease runs.
   */
  acquireLease(appId: string, kind: CredentialKind, owner: string, now: number, leaseMs: number): Promise<boolean>;
  /**
   * Holder stores the new value, releases the lease, bumps counters
   * (refreshCount resets when the Beijing day changes). Only succeeds if `owner`
   * is still the recorded lease owner (even past leaseUntil, as long as nobody
   * took the lease over); returns false otherwise and changes nothing.
   */
  saveRefreshed(appId: string, kind: CredentialKind, owner: string, value: string, expiresAt: number, now: number): Promise<boolean>;
  /**
   * Records a failure (lastError, lastErrorAt) and releases the lease if `owner`
   * holds it. A non-holder's failure is still recorded but leaves the lease alone.
   */
  saveFailure(appId: string, kind: CredentialKind, owner: string, error: string, now: number): Promise<void>;
  /**
   * Gives the lease back without a new value (the holder found a fresh one already stored).
   * Only if `owner` still holds it; otherwise nothing changes.
   */
  releaseLease(appId: string, kind: CredentialKind, owner: string): Promise<void>;
  /**
   * Mark the stored value expired (expiresAt = 0) ONLY if it still equals
   * `value` (compare-and-set; "expire only the token that failed"). True when
   * this call expired it; false when the value differs or was already invalidated.
   */
  invalidate(appId: string, kind: CredentialKind, value: string): Promise<boolean>;
  /**
   * Deletes the rows of `appId` of these kinds (an account that unauthorized the platform, or
   * one retired): nothing cached answers for it afterwards, and a refresh still in flight
   * cannot write its value back (its saveRefreshed finds no row it holds).
   */
  forget(appId: string, kinds: readonly CredentialKind[]): Promise<void>;
}

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar day in UTC+8 ('YYYY-MM-DD'), the day WeChat's API quotas count by. */
export function beijingDay(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** A row with nothing in it yet. */
export function emptyCredential(): StoredCredential {
  return {
    value: null,
    expiresAt: null,
    refreshedAt: null,
    leaseOwner: null,
    leaseUntil: null,
    refreshCount: 0,
    refreshDay: null,
    totalRefreshCount: 0,
    lastError: null,
    lastErrorAt: null,
  };
}

/** Counters after one more successful refresh at `now`. */
export function nextRefreshCounters(
  current: Pick<StoredCredential, "refreshCount" | "refreshDay" | "totalRefreshCount">,
  now: number,
): Pick<StoredCredential, "refreshCount" | "refreshDay" | "totalRefreshCount"> {
  const day = beijingDay(now);
  return {
    refreshDay: day,
    refreshCount: current.refreshDay === day ? current.refreshCount + 1 : 1,
    totalRefreshCount: current.totalRefreshCount + 1,
  };
}

/** In-process store: single-process deployments and unit tests. Operations are atomic (no await inside). */
export function createMemoryCredentialStore(): CredentialStore {
  const rows = new Map<string, StoredCredential>();
  const key = (appId: string, kind: CredentialKind): string => `${appId}\u0000${kind}`;

  return {
    async get(appId, kind) {
      const row = rows.get(key(appId, kind));
      return row ? { ...row } : null;
    },
    async acquireLease(appId, kind, owner, now, leaseMs) {
      const k = key(appId, kind);
      const row = rows.get(k) ?? emptyCredential();
      const free = row.leaseOwner === null || row.leaseUntil === null || row.leaseUntil < now;
      if (!free) return false;
      rows.set(k, { ...row, leaseOwner: owner, leaseUntil: now + leaseMs });
      return true;
    },
    async saveRefreshed(appId, kind, owner, value, expiresAt, now) {
      const k = key(appId, kind);
      const row = rows.get(k);
      if (!row || row.leaseOwner !== owner) return false;
      rows.set(k, {
        ...row,
        ...nextRefreshCounters(row, now),
        value,
        expiresAt,
        refreshedAt: now,
        leaseOwner: null,
        leaseUntil: null,
      });
      return true;
    },
    async saveFailure(appId, kind, owner, error, now) {
      const k = key(appId, kind);
      const row = rows.get(k) ?? emptyCredential();
      const holds = row.leaseOwner === owner;
      rows.set(k, {
        ...row,
        lastError: error,
        lastErrorAt: now,
        leaseOwner: holds ? null : row.leaseOwner,
        leaseUntil: holds ? null : row.leaseUntil,
      });
    },
    async releaseLease(appId, kind, owner) {
      const k = key(appId, kind);
      const row = rows.get(k);
      if (row && row.leaseOwner === owner) rows.set(k, { ...row, leaseOwner: null, leaseUntil: null });
    },
    async invalidate(appId, kind, value) {
      const k = key(appId, kind);
      const row = rows.get(k);
      if (!row || row.value === null || row.value !== value || row.expiresAt === 0) return false;
      rows.set(k, { ...row, expiresAt: 0 });
      return true;
    },
    async forget(appId, kinds) {
      for (const kind of kinds) rows.delete(key(appId, kind));
    },
  };
}
