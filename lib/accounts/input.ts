/**
 * The accounts API's bodies, checked against WeChat's own rules (what mp.weixin.qq.com accepts):
 * AppID `wx` + 16 hex, AppSecret 32 letters/digits, Token 3–32 letters/digits, EncodingAESKey
 * 43 letters/digits. Pure; the first problem is reported with the field it is about.
 */
import type { AccountTokenMode } from "./store";

export const APP_ID_PATTERN = /^wx[0-9a-f]{16}$/;
export const APP_SECRET_PATTERN = /^[0-9a-zA-Z]{32}$/;
export const TOKEN_PATTERN = /^[a-zA-Z0-9]{3,32}$/;
export const AES_KEY_PATTERN = /^[a-zA-Z0-9]{43}$/;
export const NAME_MAX = 40;

/** An account's merchant (WeChat Pay) as the operator gives it; the keys are secrets. */
export interface AccountPayInput {
  mchid: string;
  merchantSerial: string;
  privateKey: string;
  apiV3Key: string;
  publicKeyId?: string;
  publicKey?: string;
}

/** A new direct account (component accounts are added by the platform, not typed in). */
export interface NewAccountInput {
  appId: string;
  name: string;
  appSecret: string;
  token: string;
  encodingAESKey?: string;
  tokenMode: AccountTokenMode;
  pay?: AccountPayInput;
}

/** A change: only what is given changes; `encodingAESKey` moves the old key to "previous". */
export interface AccountChangeInput {
  name?: string;
  appSecret?: string;
  token?: string;
  encodingAESKey?: string | null;
  tokenMode?: AccountTokenMode;
  pay?: AccountPayInput | null;
}

export type InputResult<T> = { ok: true; value: T } | { ok: false; error: string; field: string; message: string };

const fail = (field: string, message: string): { ok: false; error: string; field: string; message: string } => ({ ok: false, error: "invalid_account", field, message });
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === "string" ? value.trim() : undefined);

type Check = { ok: true; value: string } | { ok: false; error: string; field: string; message: string };
function check(body: Record<string, unknown>, field: string, pattern: RegExp, message: string): Check {
  const value = text(body[field]);
  if (value === undefined || !pattern.test(value)) return fail(field, message);
  return { ok: true, value };
}

function parseName(value: unknown): Check {
  const name = text(value);
  if (!name || name.length > NAME_MAX || /[\u0000-\u001f]/.test(name)) return fail("name", `名称必填，最多 ${NAME_MAX} 个字`);
  return { ok: true, value: name };
}

function parseTokenMode(value: unknown): InputResult<AccountTokenMode> {
  if (value === undefined || value === null || value === "") return { ok: true, value: "classic" };
  if (value === "classic" || value === "stable") return { ok: true, value };
  return fail("tokenMode", "令牌模式只能是 classic 或 stable");
}

/** The merchant's formats, as the merchant platform gives them (whether the keys load: lib/doctor/merchant.ts). */
export const MCHID_PATTERN = /^\d{8,12}$/;
export const MERCHANT_SERIAL_PATTERN = /^[0-9A-F]{40}$/;
export const PUBLIC_KEY_ID_PATTERN = /^PUB_KEY_ID_\d{10,40}$/;
const pemOf = (value: unknown): string | undefined => (typeof value === "string" && value.trim() ? value.replace(/\\r\\n|\\n/g, "\n").replace(/\r\n/g, "\n").trim() : undefined);

function parsePay(value: unknown): InputResult<AccountPayInput | undefined> {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (!isRecord(value)) return fail("pay", "商户信息格式不对");
  const mchid = text(value.mchid);
  if (!mchid || !MCHID_PATTERN.test(mchid)) return fail("pay.mchid", "商户号是 8–12 位数字");
  const merchantSerial = text(value.merchantSerial)?.toUpperCase();
  if (!merchantSerial || !MERCHANT_SERIAL_PATTERN.test(merchantSerial)) return fail("pay.merchantSerial", "商户API证书序列号是 40 位十六进制（商户平台 → 账户中心 → API安全 → 管理证书）");
  const privateKey = pemOf(value.privateKey) ?? "";
  if (!/^-----BEGIN (RSA )?PRIVATE KEY-----/.test(privateKey)) return fail("pay.privateKey", "商户私钥应为 apiclient_key.pem 的全部内容（以 -----BEGIN PRIVATE KEY----- 开头）");
  const apiV3Key = text(value.apiV3Key);
  if (!apiV3Key || new TextEncoder().encode(apiV3Key).length !== 32 || apiV3Key.length !== 32) return fail("pay.apiV3Key", "APIv3 密钥是在商户平台设置的 32 位字母或数字");
  const publicKeyId = text(value.publicKeyId) || undefined;
  const publicKey = pemOf(value.publicKey);
  if ((publicKeyId === undefined) !== (publicKey === undefined)) return fail("pay.publicKey", "微信支付公钥与其 ID 须同时填写（没有微信支付公钥的老商户两项都留空）");
  if (publicKeyId !== undefined && !PUBLIC_KEY_ID_PATTERN.test(publicKeyId)) return fail("pay.publicKeyId", "微信支付公钥 ID 形如 PUB_KEY_ID_0114…");
  if (publicKey !== undefined && !publicKey.startsWith("-----BEGIN PUBLIC KEY-----")) return fail("pay.publicKey", "微信支付公钥应为 pub_key.pem 的全部内容（以 -----BEGIN PUBLIC KEY----- 开头）");
  return { ok: true, value: { mchid, merchantSerial, privateKey, apiV3Key, publicKeyId, publicKey } };
}

/** `POST /api/admin/accounts`. */
export function parseNewAccount(body: unknown): InputResult<NewAccountInput> {
  if (!isRecord(body)) return fail("body", "请求体应为 JSON 对象");
  const appId = check(body, "appId", APP_ID_PATTERN, "AppID 是 wx 加 16 位十六进制（小写）");
  if (!appId.ok) return appId;
  const name = parseName(body.name);
  if (!name.ok) return name;
  const appSecret = check(body, "appSecret", APP_SECRET_PATTERN, "AppSecret 是 32 位字母或数字");
  if (!appSecret.ok) return appSecret;
  const token = check(body, "token", TOKEN_PATTERN, "Token 是 3–32 位字母或数字");
  if (!token.ok) return token;
  let encodingAESKey: string | undefined;
  if (body.encodingAESKey !== undefined && body.encodingAESKey !== null && body.encodingAESKey !== "") {
    const key = check(body, "encodingAESKey", AES_KEY_PATTERN, "EncodingAESKey 是 43 位字母或数字");
    if (!key.ok) return key;
    encodingAESKey = key.value;
  }
  const tokenMode = parseTokenMode(body.tokenMode);
  if (!tokenMode.ok) return tokenMode;
  const pay = parsePay(body.pay);
  if (!pay.ok) return pay;
  return { ok: true, value: { appId: appId.value, name: name.value, appSecret: appSecret.value, token: token.value, encodingAESKey, tokenMode: tokenMode.value, pay: pay.value } };
}

/** `PATCH /api/admin/accounts/{appid}`: every field optional, secrets only replaced (never read back). */
export function parseAccountChange(body: unknown): InputResult<AccountChangeInput> {
  if (!isRecord(body)) return fail("body", "请求体应为 JSON 对象");
  const change: AccountChangeInput = {};
  if (body.name !== undefined) {
    const name = parseName(body.name);
    if (!name.ok) return name;
    change.name = name.value;
  }
  if (body.appSecret !== undefined && body.appSecret !== "") {
    const secret = check(body, "appSecret", APP_SECRET_PATTERN, "AppSecret 是 32 位字母或数字");
    if (!secret.ok) return secret;
    change.appSecret = secret.value;
  }
  if (body.token !== undefined && body.token !== "") {
    const token = check(body, "token", TOKEN_PATTERN, "Token 是 3–32 位字母或数字");
    if (!token.ok) return token;
    change.token = token.value;
  }
  if (body.encodingAESKey === null) change.encodingAESKey = null;
  else if (body.encodingAESKey !== undefined && body.encodingAESKey !== "") {
    const key = check(body, "encodingAESKey", AES_KEY_PATTERN, "EncodingAESKey 是 43 位字母或数字");
    if (!key.ok) return key;
    change.encodingAESKey = key.value;
  }
  if (body.tokenMode !== undefined) {
    const mode = parseTokenMode(body.tokenMode);
    if (!mode.ok) return mode;
    change.tokenMode = mode.value;
  }
  if (body.pay === null) change.pay = null;
  else if (body.pay !== undefined) {
    const pay = parsePay(body.pay);
    if (!pay.ok) return pay;
    change.pay = pay.value;
  }
  return { ok: true, value: change };
}
