/**
 * The deployment's accounts as the rest of the app sees them: the environment's account (the
 * default one, never a row) and the Account table's rows, with their secrets opened — only here,
 * on the server, and only for an active account. Cached per instance with a version recheck every
 * `recheckMs` (3 s): settings-cache.ts says why.
 */
import { APP_ID_PATTERN, type AccountChangeInput, type NewAccountInput } from "./input";
import { blankRow, changeColumns, directRow } from "./rows";
import type { Sealer } from "./seal";
import { createSettingsCache } from "./settings-cache";
import { settingsOfEnv, settingsOfRow, summaryOfEnv, summaryOfRow, type AccountSettings, type AccountSummary, type DefaultAccount } from "./settings";
import type { AccountRow, AccountStore } from "./store";

export { AccountSecretsError, sealContext, serverPathOf } from "./settings";
export type { AccountPaySettings, AccountSettings, AccountSummary, DefaultAccount } from "./settings";

export type AddAccountResult = { added: AccountSummary } | { error: "exists" };
export type RetireResult = "retired" | "not_found" | "default";

export interface AccountRegistry {
  /** The environment's AppID. */
  readonly defaultAppId: string;
  /** An active account's settings; null when unknown or retired. Throws AccountSecretsError when its secrets do not open. */
  resolve(appId: string): Promise<AccountSettings | null>;
  /** The env's account first, then the rows (retired ones included), oldest first. */
  list(): Promise<AccountSummary[]>;
  get(appId: string): Promise<AccountSummary | null>;
  /** A direct account typed in by the operator. */
  add(input: NewAccountInput): Promise<AddAccountResult>;
  /** An account authorized to the third-party platform (no secret of its own); added by the platform mode. */
  addComponent(input: { appId: string; name: string }): Promise<AddAccountResult>;
  /** Replaces what `change` gives; null when there is no such row (the env's account is changed in the environment). */
  update(appId: string, change: AccountChangeInput): Promise<AccountSummary | null>;
  retire(appId: string): Promise<RetireResult>;
  /** An active row again (a component account authorized again); false when there is no row. */
  reactivate(appId: string): Promise<boolean>;
  /** Forgets this instance's cached copies (tests; after a bulk change). */
  invalidate(appId?: string): void;
}

export interface RegistryOptions {
  store: AccountStore;
  sealer: Sealer;
  defaultAccount: DefaultAccount;
  now: () => number;
  /** How old a cached account may be before its version is checked again (ms). */
  recheckMs?: number;
  /** Most AppIDs remembered (unknown ones included). */
  maxCached?: number;
}

export const DEFAULT_RECHECK_MS = 3_000;

export function createAccountRegistry(options: RegistryOptions): AccountRegistry {
  const { store, sealer, now } = options;
  const env = options.defaultAccount;
  const envSettings = settingsOfEnv(env);
  const cache = createSettingsCache({ store, now, recheckMs: options.recheckMs ?? DEFAULT_RECHECK_MS, maxCached: options.maxCached ?? 1_000, open: (row) => settingsOfRow(sealer, row) });

  async function insert(row: AccountRow): Promise<AddAccountResult> {
    if (row.appId === env.appId || !(await store.create(row))) return { error: "exists" };
    cache.forget(row.appId);
    return { added: summaryOfRow(row) };
  }
  /** A write to a row, then this instance's copy dropped (the others see the new updatedAt). */
  async function write(appId: string, patch: Parameters<AccountStore["update"]>[1]): Promise<AccountRow | null> {
    const row = await store.update(appId, patch, now());
    cache.forget(appId);
    return row;
  }

  return {
    defaultAppId: env.appId,
    async resolve(appId) {
      if (appId === env.appId) return envSettings;
      // Not an AppID at all: no database read for it (and nothing remembered).
      return APP_ID_PATTERN.test(appId) ? cache.get(appId) : null;
    },
    async list() {
      const rows = await store.list();
      return [summaryOfEnv(env), ...rows.filter((row) => row.appId !== env.appId).map(summaryOfRow)];
    },
    async get(appId) {
      if (appId === env.appId) return summaryOfEnv(env);
      const row = await store.get(appId);
      return row ? summaryOfRow(row) : null;
    },
    add: (input) => insert(directRow(sealer, input, now())),
    addComponent: (input) => insert(blankRow(input.appId, input.name, "component", now())),
    async update(appId, change) {
      const current = appId === env.appId ? null : await store.get(appId);
      if (!current) return null;
      const row = await write(appId, changeColumns(sealer, current, change));
      return row ? summaryOfRow(row) : null;
    },
    async retire(appId) {
      if (appId === env.appId) return "default";
      return (await write(appId, { status: "retired", retiredAt: now() })) ? "retired" : "not_found";
    },
    async reactivate(appId) {
      return appId !== env.appId && (await write(appId, { status: "active", retiredAt: null })) !== null;
    },
    invalidate: (appId) => cache.forget(appId),
  };
}
