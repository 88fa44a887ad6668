/**
 * A merchant for the pay group's tests, written directly on node:crypto from the protocol notes —
 * deliberately not with simulator/protocol/wechatpay-crypto.ts (whose verifier is under test) nor
 * with lib/wechatpay (the app's): it signs requests, verifies WeChat Pay's answers and
 * notifications, opens sealed resources and signs paySign by its own hand.
 */
import { createCipheriv, createDecipheriv, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from "node:crypto";
import type { PayMerchantOptions } from "../core/options";

/** What a merchant signs with (the end-to-end tests build one from the throwaway merchant). */
export interface MerchantCredentials {
  mchid: string;
  serial: string;
  apiV3Key: string;
  privateKey: KeyObject;
}

export interface TestMerchant extends MerchantCredentials {
  /** What the simulator is started with (its public half; WeChat Pay's keys made by the simulator). */
  options: PayMerchantOptions;
}

/** A fresh merchant: RSA-2048, a 40-hex serial, a 32-byte APIv3 key. */
export function makeTestMerchant(extra: Partial<PayMerchantOptions> = {}): TestMerchant {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const mchid = extra.mchid ?? "1900009191";
  const serial = randomBytes(20).toString("hex").toUpperCase();
  const apiV3Key = randomBytes(16).toString("hex");
  const options: PayMerchantOptions = {
    mchid, merchantSerial: serial, merchantPublicKey: publicKey.export({ type: "spki", format: "pem" }) as string, apiV3Key,
    allowHttpNotifyUrl: true, signtestEvery: 0, timeScale: 0.001, refundDelayMs: 20, merchantName: "测试小店", ...extra,
  };
  return { mchid, serial, apiV3Key, privateKey, options };
}

export interface PayResponse {
  status: number;
  text: string;
  json: Record<string, unknown> | null;
  headers: Headers;
}

export interface SignedCallOptions {
  /** Overrides of what goes into the Authorization header or the signed string. */
  timestamp?: number;
  signPath?: string;
  serial?: string;
  mchid?: string;
  signer?: KeyObject;
  authorization?: string | null;
  headers?: Record<string, string>;
  /** Send this body instead of the one signed (a body changed after signing). */
  sendBody?: string;
}

/** One signed call: `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n`, SHA256withRSA, the Authorization header. */
export async function callPay(baseUrl: string, merchant: MerchantCredentials, method: "GET" | "POST", target: string, body?: unknown, o: SignedCallOptions = {}): Promise<PayResponse> {
  const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString("hex").toUpperCase();
  const message = `${method}\n${o.signPath ?? target}\n${timestamp}\n${nonce}\n${text}\n`;
  const signature = sign("sha256", Buffer.from(message), o.signer ?? merchant.privateKey).toString("base64");
  const authorization = `WECHATPAY2-SHA256-RSA2048 mchid="${o.mchid ?? merchant.mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${o.serial ?? merchant.serial}"`;
  const headers: Record<string, string> = { accept: "application/json", ...(text ? { "content-type": "application/json" } : {}), ...o.headers };
  if (o.authorization !== null) headers.authorization = o.authorization ?? authorization;
  const res = await fetch(`${baseUrl}${target}`, { method, headers, body: method === "POST" ? (o.sendBody ?? text) : undefined });
  const raw = await res.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
  } catch {
    json = null;
  }
  return { status: res.status, text: raw, json, headers: res.headers };
}

/** Whether `Wechatpay-Signature` verifies over `TIMESTAMP\nNONCE\nBODY\n` with `key`. */
export function verifyWechatpaySignature(headers: Headers | Record<string, string>, body: string, key: KeyObject | string): boolean {
  const get = (name: string): string => (headers instanceof Headers ? headers.get(name) : headers[name] ?? headers[name.toLowerCase()]) ?? "";
  const message = `${get("Wechatpay-Timestamp")}\n${get("Wechatpay-Nonce")}\n${body}\n`;
  try {
    return verify("sha256", Buffer.from(message), typeof key === "string" ? createPublicKey(key) : key, Buffer.from(get("Wechatpay-Signature"), "base64"));
  } catch {
    return false;
  }
}

/** Opens an AEAD_AES_256_GCM resource (base64 ciphertext ‖ 16-byte tag). */
export function openResource(apiV3Key: string, resource: { ciphertext: string; nonce: string; associated_data: string }): string {
  const data = Buffer.from(resource.ciphertext, "base64");
  const decipher = createDecipheriv("aes-256-gcm", Buffer.from(apiV3Key), Buffer.from(resource.nonce));
  decipher.setAAD(Buffer.from(resource.associated_data));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8");
}

/** Seals a resource the same way (for tests that forge on the merchant's side). */
export function sealResource(apiV3Key: string, nonce: string, associatedData: string, plaintext: string): string {
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(apiV3Key), Buffer.from(nonce));
  cipher.setAAD(Buffer.from(associatedData));
  return Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]).toString("base64");
}

/** getBrandWCPayRequest's parameters, paySign over `appId\ntimeStamp\nnonceStr\npackage\n`. */
export function payParams(merchant: MerchantCredentials, appId: string, prepayId: string, o: { timeStamp?: string; signer?: KeyObject } = {}): Record<string, string> {
  const timeStamp = o.timeStamp ?? String(Math.floor(Date.now() / 1000));
  const nonceStr = randomBytes(16).toString("hex");
  const pkg = `prepay_id=${prepayId}`;
  const paySign = sign("sha256", Buffer.from(`${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`), o.signer ?? merchant.privateKey).toString("base64");
  return { appId, timeStamp, nonceStr, package: pkg, signType: "RSA", paySign };
}
