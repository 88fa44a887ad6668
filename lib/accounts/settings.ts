/**
 * An account as the app uses it (secrets opened, server only) and as people may see it (no secret,
 * only whether each is set), and how each is made from a row at rest or from the environment.
 */
import type { Sealer } from "./seal";
import type { AccountKind, AccountRow, AccountStatus, AccountTokenMode, SealedField } from "./store";

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
  /** The merchant, as far as it may be shown: its number, the start of its serial, how its answers are verified. */
  pay: PaySummary | null;
  default: boolean;
  createdAt: number | null;
  updatedAt: number | null;
  retiredAt: number | null;
}

/** What the console shows of a merchant (never a key). `keyMode`: 微信支付公钥, or platform certificates. */
export interface PaySummary {
  mchid: string;
  serialPrefix: string;
  keyMode: "public_key" | "certificate";
}

const paySummary = (mchid: string, serial: string, hasPublicKey: boolean): PaySummary => ({ mchid, serialPrefix: serial.slice(0, 8), keyMode: hasPublicKey ? "public_key" : "certificate" });

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

export const serverPathOf = (appId: string): string => `/api/wechat/${appId}`;
export const sealContext = (appId: string, field: SealedField): string => `account:${appId}:${field}`;

/** A sealed value that does not open (ACCOUNTS_KEY / SESSION_PASSWORD changed since it was sealed). */
export class AccountSecretsError extends Error {
  constructor(readonly appId: string) {
    super(`the secrets of account ${appId} do not open with this deployment's key (was ACCOUNTS_KEY or SESSION_PASSWORD changed?)`);
    this.name = "AccountSecretsError";
  }
}

/** One sealed field of a row, opened; undefined when it is not set. Throws AccountSecretsError. */
export function openField(sealer: Sealer, row: AccountRow, field: SealedField): string | undefined {
  const value = row[field];
  if (value === null) return undefined;
  try {
    return sealer.open(value, sealContext(row.appId, field));
  } catch {
    throw new AccountSecretsError(row.appId);
  }
}

function payOf(sealer: Sealer, row: AccountRow): AccountPaySettings | undefined {
  const privateKey = openField(sealer, row, "payPrivateKey");
  const apiV3Key = openField(sealer, row, "payApiV3Key");
  if (!row.payMchid || !row.payMerchantSerial || !privateKey || !apiV3Key) return undefined;
  const publicKey = row.payPublicKeyId && row.payPublicKey ? { id: row.payPublicKeyId, pem: row.payPublicKey } : undefined;
  return { mchid: row.payMchid, merchantSerial: row.payMerchantSerial, privateKey, apiV3Key, publicKey };
}

/** A row's settings, its secrets opened. */
export function settingsOfRow(sealer: Sealer, row: AccountRow): AccountSettings {
  return {
    appId: row.appId,
    name: row.name,
    kind: row.kind,
    source: "database",
    appSecret: openField(sealer, row, "appSecret"),
    token: row.token ?? undefined,
    encodingAESKey: openField(sealer, row, "encodingAESKey"),
    previousEncodingAESKey: openField(sealer, row, "previousEncodingAESKey"),
    tokenMode: row.tokenMode,
    pay: payOf(sealer, row),
    version: row.updatedAt,
  };
}

/** The env's account as settings (named by WECHAT_ACCOUNT_NAME in lib/wiring; "环境变量" only when no name is given). */
export function settingsOfEnv(env: DefaultAccount): AccountSettings {
  return {
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
}

export function summaryOfEnv(env: DefaultAccount): AccountSummary {
  return {
    appId: env.appId,
    name: env.name ?? "环境变量",
    kind: "direct",
    source: "env",
    status: "active",
    tokenMode: env.tokenMode,
    serverPath: "/api/wechat",
    secrets: { appSecret: true, token: true, encodingAESKey: Boolean(env.encodingAESKey), previousEncodingAESKey: Boolean(env.previousEncodingAESKey) },
    pay: env.pay ? paySummary(env.pay.mchid, env.pay.merchantSerial, Boolean(env.pay.publicKey)) : null,
    default: true,
    createdAt: null,
    updatedAt: null,
    retiredAt: null,
  };
}

export function summaryOfRow(row: AccountRow): AccountSummary {
  return {
    appId: row.appId,
    name: row.name,
    kind: row.kind,
    source: "database",
    status: row.status,
    tokenMode: row.tokenMode,
    serverPath: serverPathOf(row.appId),
    secrets: { appSecret: row.appSecret !== null, token: row.token !== null, encodingAESKey: row.encodingAESKey !== null, previousEncodingAESKey: row.previousEncodingAESKey !== null },
    pay: row.payMchid ? paySummary(row.payMchid, row.payMerchantSerial ?? "", row.payPublicKey !== null) : null,
    default: false,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    retiredAt: row.retiredAt,
  };
}
