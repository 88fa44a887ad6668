/**
 * Opened account settings per AppID, in this instance, checked against the row's version.
 *
 * Why: a push for account A must not cost a read of the Account row every time, yet a retirement
 * (or a new AppSecret) made on one instance must reach every instance quickly. Settings older than
 * `recheckMs` are checked with the row's `status` + `updatedAt` only (one primary-key read) before
 * being used again: unchanged, the cached copy is kept (not opened again); changed, the row is read
 * and opened again. A retired account thus stops answering within `recheckMs` everywhere, with no
 * message bus (serverless instances could not keep a subscription anyway).
 */
import type { AccountSettings } from "./settings";
import type { AccountRow, AccountStatus, AccountStore } from "./store";

interface Cached {
  settings: AccountSettings | null;
  /** null: no row. */
  version: { status: AccountStatus; updatedAt: number } | null;
  checkedAt: number;
}

export interface SettingsCache {
  /** The active account's settings (null: unknown or retired), from the cache while fresh. */
  get(appId: string): Promise<AccountSettings | null>;
  forget(appId?: string): void;
}

export function createSettingsCache(o: {
  store: AccountStore;
  now: () => number;
  recheckMs: number;
  maxCached: number;
  open: (row: AccountRow) => AccountSettings;
}): SettingsCache {
  const cache = new Map<string, Cached>();
  const loading = new Map<string, Promise<AccountSettings | null>>();

  function remember(appId: string, row: AccountRow | null, at: number): AccountSettings | null {
    const settings = row && row.status === "active" ? o.open(row) : null;
    cache.delete(appId);
    cache.set(appId, { settings, version: row ? { status: row.status, updatedAt: row.updatedAt } : null, checkedAt: at });
    // Oldest first in a Map: drop the first ones past the bound (random AppIDs cannot grow memory).
    while (cache.size > o.maxCached) cache.delete(cache.keys().next().value as string);
    return settings;
  }

  async function load(appId: string): Promise<AccountSettings | null> {
    const at = o.now();
    const cached = cache.get(appId);
    if (cached) {
      const v = await o.store.version(appId);
      const same = v === null ? cached.version === null : cached.version !== null && v.status === cached.version.status && v.updatedAt === cached.version.updatedAt;
      if (same) {
        cached.checkedAt = at;
        return cached.settings;
      }
    }
    return remember(appId, await o.store.get(appId), at);
  }

  return {
    async get(appId) {
      const cached = cache.get(appId);
      if (cached && o.now() - cached.checkedAt < o.recheckMs) return cached.settings;
      // One load per AppID at a time: a burst of pushes shares it.
      let pending = loading.get(appId);
      if (!pending) {
        pending = load(appId).finally(() => loading.delete(appId));
        loading.set(appId, pending);
      }
      return pending;
    },
    forget(appId) {
      if (appId === undefined) cache.clear();
      else cache.delete(appId);
    },
  };
}
