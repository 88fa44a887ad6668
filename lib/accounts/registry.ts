/**
 * The deployment's accounts as the rest of the app sees them: the environment's account (the
 * default one, never a row) and the Account table's rows, with their secrets opened — only here,
 * on the server, and only for an active account.
 *
 * Caching, and why: a push for account A must not cost a database read of the Account row every
 * time, yet a retirement (or a new AppSecret) made on one instance must reach every instance
 * quickly. Each instance keeps the opened settings per AppID and, once they are older than
 * `recheckMs` (3 s by default), asks the database for the row's `status` + `updatedAt` only (one
 * primary-key read) before using them again: unchanged, the cached copy is kept (no re-opening);
 * changed, the row is read and opened again. So a retired account stops answering within
 * `recheckMs` on every instance, and at once on the instance that retired it. No pub/sub is
 * needed (serverless instances could not keep a subscription anyway), and the cost is at most
 * one small read per account per interval per instance.
 */
import { SEALED_FIELDS, type AccountKind, type AccountRow, type AccountRowPatch, type AccountStatus, type AccountStore, type AccountTokenMode, type SealedField } from "./store";
import type { Sealer } from "./seal";
import { APP_ID_PATTERN, type AccountChangeInput, type AccountPayInput, type NewAccountInput } from "./input";

/** An account's WeChat Pay merchant, opened (server only). */
export interface AccountPaySettings {
  mchid: string;
  merchantSerial: string;
  privateKey: string;
  apiV3Key: string;
  publicKey: { id: string; pem: string } | undefined;
}

/** Everything needed to act as one account, secrets opened. Never sent to a browser. */
export interface AccountSettings {
  appId: string;
  name: string;
  kind: AccountKind;
  /** "env": the default account from WECHAT_*; "database": an Account row. */
  source: "env" | "database";
  /** Undefined for component accounts (their tokens come from the platform). */
  appSecret: string | undefined;
  token: string | undefined;
  encodingAESKey: string | undefined;
  previousEncodingAESKey: string | undefined;
  tokenMode: AccountTokenMode;
  pay: AccountPaySettings | undefined;
  /** Changes whenever the account does (the row's updatedAt; 0 for the env's account): a cache key. */
  version: number;
}

/** What the console and APIs may show of an account: no secret, only whether each is set. */
export interface AccountSummary {
  appId: string;
  name: string;
  kind: AccountKind;
  source: "env" | "database";
  status: AccountStatus;
  tokenMode: AccountTokenMode;
  /** The path to enter as 服务器地址(URL) at mp.weixin.qq.com, after the app's origin. */
  serverPath: string;
  secrets: { appSecret: boolean; token: boolean; encodingAESKey: boolean; previousEncodingAESKey: boolean };
  pay: { mchid: string; merchantSerial: string; hasPublicKey: boolean } | null;
  default: boolean;
  createdAt: number | null;
  updatedAt: number | null;
  retiredAt: number | null;
}

export type AddAccountResult = { added: AccountSummary } | { error: "exists" };
export type RetireResult = "retired" | "not_found" | "default";

export interface AccountRegistry {
  /** The environment's AppID. */
  readonly defaultAppId: string;
  /** An active account's settings; null when unknown or retired. Throws when its secrets do not open. */
  resolve(appId: string): Promise<AccountSettings | null>;
  /** The env's account first, then the rows (retired ones included), oldest first. */
  list(): Promise<AccountSummary[]>;
  get(appId: string): Promise<AccountSummary | null>;
  /** A direct account typed in by the operator. */
  add(input: NewAccountInput): Promise<AddAccountResult>;
  /** An account authorized to the third-party platform (no secret of its own); added by the platform mode. */
  addComponent(input: { appId: string; name: string }): Promise<AddAccountResult>;
  /** Replaces what `change` gives; null when there is no such row (the env's account cannot be changed here). */
  update(appId: string, change: AccountChangeInput): Promise<AccountSummary | null>;
  retire(appId: string): Promise<RetireResult>;
  /** An active row again (a component account authorized again); false when there is no row. */
  reactivate(appId: string): Promise<boolean>;
  /** Forgets this instance's cached copies (tests; after a bulk change). */
  invalidate(appId?: string): void;
}

/** The environment's account, as lib/wiring reads it. */
export interface DefaultAccount {
  appId: string;
  name?: string;
  appSecret: string;
  token: string;
  encodingAESKey: string | undefined;
  previousEncodingAESKey: string | undefined;
  tokenMode: AccountTokenMode;
  pay?: AccountPaySettings;
}

export interface RegistryOptions {
  store: AccountStore;
  sealer: Sealer;
  defaultAccount: DefaultAccount;
  now: () => number;
  /** How old a cached account may be before its version is checked again (ms). */
  recheckMs?: number;
  /** Most AppIDs remembered (unknown ones included), so random AppIDs cannot grow memory. */
  maxCached?: number;
}

export const DEFAULT_RECHECK_MS = 3_000;
export const serverPathOf = (appId: string): string => `/api/wechat/${appId}`;
export const sealContext = (appId: string, field: SealedField): string => `account:${appId}:${field}`;

/** A sealed value that does not open (ACCOUNTS_KEY / SESSION_PASSWORD changed since it was sealed). */
export class AccountSecretsError extends Error {
  constructor(readonly appId: string) {
    super(`the secrets of account ${appId} do not open with this deployment's key (was ACCOUNTS_KEY or SESSION_PASSWORD changed?)`);
    this.name = "AccountSecretsError";
  }
}

interface Cached {
  settings: AccountSettings | null;
  /** null: no row. */
  version: { status: AccountStatus; updatedAt: number } | null;
  checkedAt: number;
}

export function createAccountRegistry(options: RegistryOptions): AccountRegistry {
  const { store, sealer, now } = options;
  const recheckMs = options.recheckMs ?? DEFAULT_RECHECK_MS;
  const maxCached = options.maxCached ?? 1_000;
  const env = options.defaultAccount;
  const cache = new Map<string, Cached>();
  const loading = new Map<string, Promise<AccountSettings | null>>();

  const envSettings: AccountSettings = {
    appId: env.appId,
    name: env.name ?? "环境变量",
    kind: "direct",
    source: "env",
    appSecret: env.appSecret,
    token: env.token,
    encodingAESKey: env.encodingAESKey,
    previousEncodingAESKey: env.previousEncodingAESKey,
    tokenMode: env.tokenMode,
    pay: env.pay,
    version: 0,
  };

  const seal = (appId: string, field: SealedField, plain: string | undefined | null): string | null =>
    plain === undefined || plain === null ? null : sealer.seal(plain, sealContext(appId, field));
  const open = (row: AccountRow, field: SealedField): string | undefined => {
    const value = row[field];
    if (value === null) return undefined;
    try {
      return sealer.open(value, sealContext(row.appId, field));
    } catch {
      throw new AccountSecretsError(row.appId);
    }
  };

  function settingsOf(row: AccountRow): AccountSettings {
    const privateKey = open(row, "payPrivateKey");
    const apiV3Key = open(row, "payApiV3Key");
    const pay =
      row.payMchid && row.payMerchantSerial && privateKey && apiV3Key
        ? {
            mchid: row.payMchid,
            merchantSerial: row.payMerchantSerial,
            privateKey,
            apiV3Key,
            publicKey: row.payPublicKeyId && row.payPublicKey ? { id: row.payPublicKeyId, pem: row.payPublicKey } : undefined,
          }
        : undefined;
    return {
      appId: row.appId,
      name: row.name,
      kind: row.kind,
      source: "database",
      appSecret: open(row, "appSecret"),
      token: row.token ?? undefined,
      encodingAESKey: open(row, "encodingAESKey"),
      previousEncodingAESKey: open(row, "previousEncodingAESKey"),
      tokenMode: row.tokenMode,
      pay,
      version: row.updatedAt,
    };
  }

  function remember(appId: string, entry: Cached): void {
    cache.delete(appId);
    cache.set(appId, entry);
    // Oldest first in a Map: drop the first ones past the bound.
    while (cache.size > maxCached) cache.delete(cache.keys().next().value as string);
  }

  function fromRow(appId: string, row: AccountRow | null, at: number): AccountSettings | null {
    const settings = row && row.status === "active" ? settingsOf(row) : null;
    remember(appId, { settings, version: row ? { status: row.status, updatedAt: row.updatedAt } : null, checkedAt: at });
    return settings;
  }

  async function load(appId: string): Promise<AccountSettings | null> {
    const at = now();
    const cached = cache.get(appId);
    if (cached) {
      const version = await store.version(appId);
      const same =
        version === null ? cached.version === null : cached.version !== null && version.status === cached.version.status && version.updatedAt === cached.version.updatedAt;
      if (same) {
        cached.checkedAt = at;
        return cached.settings;
      }
    }
    return fromRow(appId, await store.get(appId), at);
  }

  const summaryOfEnv = (): AccountSummary => ({
    appId: env.appId,
    name: envSettings.name,
    kind: "direct",
    source: "env",
    status: "active",
    tokenMode: env.tokenMode,
    serverPath: "/api/wechat",
    secrets: { appSecret: true, token: true, encodingAESKey: Boolean(env.encodingAESKey), previousEncodingAESKey: Boolean(env.previousEncodingAESKey) },
    pay: env.pay ? { mchid: env.pay.mchid, merchantSerial: env.pay.merchantSerial, hasPublicKey: Boolean(env.pay.publicKey) } : null,
    default: true,
    createdAt: null,
    updatedAt: null,
    retiredAt: null,
  });

  const summaryOf = (row: AccountRow): AccountSummary => ({
    appId: row.appId,
    name: row.name,
    kind: row.kind,
    source: "database",
    status: row.status,
    tokenMode: row.tokenMode,
    serverPath: serverPathOf(row.appId),
    secrets: {
      appSecret: row.appSecret !== null,
      token: row.token !== null,
      encodingAESKey: row.encodingAESKey !== null,
      previousEncodingAESKey: row.previousEncodingAESKey !== null,
    },
    pay: row.payMchid ? { mchid: row.payMchid, merchantSerial: row.payMerchantSerial ?? "", hasPublicKey: row.payPublicKey !== null } : null,
    default: false,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    retiredAt: row.retiredAt,
  });

  const payColumns = (appId: string, pay: AccountPayInput | null | undefined): AccountRowPatch => ({
    payMchid: pay?.mchid ?? null,
    payMerchantSerial: pay?.merchantSerial ?? null,
    payPrivateKey: seal(appId, "payPrivateKey", pay?.privateKey),
    payApiV3Key: seal(appId, "payApiV3Key", pay?.apiV3Key),
    payPublicKeyId: pay?.publicKeyId ?? null,
    payPublicKey: pay?.publicKey ?? null,
  });

  function blankRow(appId: string, name: string, kind: AccountKind): AccountRow {
    const at = now();
    const row = { appId, name, kind, token: null, tokenMode: "classic", status: "active", retiredAt: null, createdAt: at, updatedAt: at } as const;
    const sealed = Object.fromEntries(SEALED_FIELDS.map((field) => [field, null])) as Record<SealedField, null>;
    return { ...row, ...sealed, payMchid: null, payMerchantSerial: null, payPublicKeyId: null, payPublicKey: null };
  }

  async function insert(row: AccountRow): Promise<AddAccountResult> {
    if (row.appId === env.appId) return { error: "exists" };
    if (!(await store.create(row))) return { error: "exists" };
    cache.delete(row.appId);
    return { added: summaryOf(row) };
  }

  return {
    defaultAppId: env.appId,

    async resolve(appId) {
      if (appId === env.appId) return envSettings;
      // Not an AppID at all: no database read for it (and nothing remembered).
      if (!APP_ID_PATTERN.test(appId)) return null;
      const cached = cache.get(appId);
      if (cached && now() - cached.checkedAt < recheckMs) return cached.settings;
      // One load per AppID at a time: a burst of pushes shares it.
      let pending = loading.get(appId);
      if (!pending) {
        pending = load(appId).finally(() => loading.delete(appId));
        loading.set(appId, pending);
      }
      return pending;
    },

    async list() {
      const rows = await store.list();
      return [summaryOfEnv(), ...rows.filter((row) => row.appId !== env.appId).map(summaryOf)];
    },

    async get(appId) {
      if (appId === env.appId) return summaryOfEnv();
      const row = await store.get(appId);
      return row ? summaryOf(row) : null;
    },

    add(input) {
      const row: AccountRow = {
        ...blankRow(input.appId, input.name, "direct"),
        appSecret: seal(input.appId, "appSecret", input.appSecret),
        token: input.token,
        encodingAESKey: seal(input.appId, "encodingAESKey", input.encodingAESKey),
        tokenMode: input.tokenMode,
      };
      return insert({ ...row, ...payColumns(input.appId, input.pay) } as AccountRow);
    },

    addComponent(input) {
      return insert(blankRow(input.appId, input.name, "component"));
    },

    async update(appId, change) {
      if (appId === env.appId) return null;
      const current = await store.get(appId);
      if (!current) return null;
      const patch: AccountRowPatch = {};
      if (change.name !== undefined) patch.name = change.name;
      if (change.appSecret !== undefined) patch.appSecret = seal(appId, "appSecret", change.appSecret);
      if (change.token !== undefined) patch.token = change.token;
      if (change.tokenMode !== undefined) patch.tokenMode = change.tokenMode;
      if (change.encodingAESKey !== undefined) {
        // WeChat keeps using the old key for a while after a change (the same rule as WECHAT_ENCODING_AES_KEY_PREVIOUS).
        const previous = current.encodingAESKey === null ? null : seal(appId, "previousEncodingAESKey", open(current, "encodingAESKey"));
        patch.previousEncodingAESKey = change.encodingAESKey === null ? null : previous;
        patch.encodingAESKey = seal(appId, "encodingAESKey", change.encodingAESKey);
      }
      if (change.pay !== undefined) Object.assign(patch, payColumns(appId, change.pay));
      const row = await store.update(appId, patch, now());
      cache.delete(appId);
      return row ? summaryOf(row) : null;
    },

    async retire(appId) {
      if (appId === env.appId) return "default";
      const at = now();
      const row = await store.update(appId, { status: "retired", retiredAt: at }, at);
      cache.delete(appId);
      return row ? "retired" : "not_found";
    },

    async reactivate(appId) {
      if (appId === env.appId) return false;
      const row = await store.update(appId, { status: "active", retiredAt: null }, now());
      cache.delete(appId);
      return row !== null;
    },

    invalidate(appId) {
      if (appId === undefined) cache.clear();
      else cache.delete(appId);
    },
  };
}
