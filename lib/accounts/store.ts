/**
 * Where accounts are kept (the Account table, or memory in tests). A store holds rows as they
 * are at rest: every secret field is already sealed (lib/accounts/seal.ts) — the store never
 * sees a plaintext secret; the registry (registry.ts) seals on the way in and opens on the way out.
 */

export type AccountKind = "direct" | "component";
export type AccountStatus = "active" | "retired";
export type AccountTokenMode = "classic" | "stable";

/** The sealed fields, by the name that also ends their seal context ("account:<appId>:<field>"). */
export const SEALED_FIELDS = ["appSecret", "encodingAESKey", "previousEncodingAESKey", "payPrivateKey", "payApiV3Key"] as const;
export type SealedField = (typeof SEALED_FIELDS)[number];

/** One account at rest. Sealed fields hold `v1.…` values or null. Times in epoch ms. */
export interface AccountRow {
  appId: string;
  name: string;
  kind: AccountKind;
  appSecret: string | null;
  token: string | null;
  encodingAESKey: string | null;
  previousEncodingAESKey: string | null;
  tokenMode: AccountTokenMode;
  status: AccountStatus;
  payMchid: string | null;
  payMerchantSerial: string | null;
  payPrivateKey: string | null;
  payApiV3Key: string | null;
  payPublicKeyId: string | null;
  payPublicKey: string | null;
  retiredAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** What changes on an update (appId, kind and createdAt never do). */
export type AccountRowPatch = Partial<Omit<AccountRow, "appId" | "kind" | "createdAt" | "updatedAt">>;

/** The cheap part of a row every instance polls to see whether its cached copy is stale. */
export interface AccountVersion {
  status: AccountStatus;
  updatedAt: number;
}

export interface AccountStore {
  get(appId: string): Promise<AccountRow | null>;
  /** Every account, oldest first. */
  list(): Promise<AccountRow[]>;
  /** Inserts a new row; `false` when the AppID is already there (nothing changed). */
  create(row: AccountRow): Promise<boolean>;
  /** Changes the row and sets updatedAt = now; null when there is no such row. */
  update(appId: string, patch: AccountRowPatch, now: number): Promise<AccountRow | null>;
  /** status + updatedAt only (one indexed read), for the registry's staleness check. */
  version(appId: string): Promise<AccountVersion | null>;
}

/** A single-process store for tests and the memory-only tools. */
export function memoryAccountStore(): AccountStore {
  const rows = new Map<string, AccountRow>();
  const copy = (row: AccountRow): AccountRow => ({ ...row });
  return {
    async get(appId) {
      const row = rows.get(appId);
      return row ? copy(row) : null;
    },
    async list() {
      return [...rows.values()].sort((a, b) => a.createdAt - b.createdAt || a.appId.localeCompare(b.appId)).map(copy);
    },
    async create(row) {
      if (rows.has(row.appId)) return false;
      rows.set(row.appId, copy(row));
      return true;
    },
    async update(appId, patch, now) {
      const row = rows.get(appId);
      if (!row) return null;
      // A strictly later updatedAt, as a database clock would give, so a change is always seen.
      const next: AccountRow = { ...row, ...patch, updatedAt: Math.max(now, row.updatedAt + 1) };
      rows.set(appId, next);
      return copy(next);
    },
    async version(appId) {
      const row = rows.get(appId);
      return row ? { status: row.status, updatedAt: row.updatedAt } : null;
    },
  };
}
