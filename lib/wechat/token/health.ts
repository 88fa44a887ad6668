/**
 * The dashboard's view of a stored credential: validity, expiry, refresh counts, the last
 * error, whether a refresh is under way — never the value itself.
 */
import { beijingDay, type CredentialKind, type StoredCredential } from "./store";
import { usable } from "./lease-refresh";

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

/** The dashboard's view of a stored credential: never its value. */
export function healthOf(kind: CredentialKind, rec: StoredCredential | null, now: number): CredentialHealth {
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
