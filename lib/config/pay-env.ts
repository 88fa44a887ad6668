/**
 * The WeChat Pay section of the environment (app-contract.md, "WeChat Pay (JSAPI, APIv3)").
 * Off until WECHATPAY_MCHID is set; then every variable but the public key pair is required,
 * and the first missing or malformed one is an `EnvError` naming it (one line, no value shown).
 * The keys are parsed here, with node:crypto, so a PEM that does not load stops start-up
 * rather than the first order.
 */
import { createPrivateKey, createPublicKey } from "node:crypto";
import { EnvError, parseBaseUrl, read, required, type Source } from "./env-fields";

export const DEFAULT_WECHATPAY_API_BASE_URL = "https://api.mch.weixin.qq.com";

export interface PayEnv {
  /** 商户号 */
  mchid: string;
  /** 商户API证书序列号, upper-case hex. */
  merchantSerial: string;
  /** 商户API私钥, PEM with real line breaks. Secret. */
  privateKey: string;
  /** APIv3密钥, 32 bytes. Secret. */
  apiV3Key: string;
  /** 微信支付公钥 and its id, when the merchant has one. */
  publicKey: { id: string; pem: string } | undefined;
  apiBaseUrl: string;
}

/** Hosting panels often take one line: `-----BEGIN PRIVATE KEY-----\nMIIE…` with a literal backslash-n. */
export const unescapePem = (value: string): string => value.replace(/\\r\\n|\\n/g, "\n").replace(/\r\n/g, "\n");

function parsePrivateKey(value: string): string {
  const pem = unescapePem(value);
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(pem)) throw new EnvError("WECHATPAY_PRIVATE_KEY", "must be the PEM of apiclient_key.pem (-----BEGIN PRIVATE KEY-----…)");
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== "rsa") throw new Error("not RSA");
  } catch {
    throw new EnvError("WECHATPAY_PRIVATE_KEY", "is not a readable RSA private key (PEM; literal \\n accepted)");
  }
  return pem;
}

function parsePublicKey(source: Source): PayEnv["publicKey"] {
  const id = read(source, "WECHATPAY_PUBLIC_KEY_ID");
  const value = read(source, "WECHATPAY_PUBLIC_KEY");
  if (id === undefined && value === undefined) return undefined;
  if (id === undefined) throw new EnvError("WECHATPAY_PUBLIC_KEY_ID", "is required when WECHATPAY_PUBLIC_KEY is set");
  if (value === undefined) throw new EnvError("WECHATPAY_PUBLIC_KEY", "is required when WECHATPAY_PUBLIC_KEY_ID is set");
  if (!/^PUB_KEY_ID_[0-9]+$/.test(id)) throw new EnvError("WECHATPAY_PUBLIC_KEY_ID", "must look like PUB_KEY_ID_0114…");
  const pem = unescapePem(value);
  try {
    if (!pem.includes("-----BEGIN PUBLIC KEY-----")) throw new Error("no PEM");
    if (createPublicKey(pem).asymmetricKeyType !== "rsa") throw new Error("not RSA");
  } catch {
    throw new EnvError("WECHATPAY_PUBLIC_KEY", "must be the WeChat Pay public key, PEM (-----BEGIN PUBLIC KEY-----…; literal \\n accepted)");
  }
  return { id, pem };
}

export function parsePayEnv(source: Source): PayEnv | undefined {
  const mchid = read(source, "WECHATPAY_MCHID");
  if (mchid === undefined) return undefined;
  if (!/^[0-9]{1,32}$/.test(mchid)) throw new EnvError("WECHATPAY_MCHID", "must be the merchant number (digits)");
  const merchantSerial = required(source, "WECHATPAY_MERCHANT_SERIAL");
  if (!/^[0-9A-Fa-f]{40}$/.test(merchantSerial)) throw new EnvError("WECHATPAY_MERCHANT_SERIAL", "must be the merchant API certificate's serial number (40 hex characters)");
  const privateKey = parsePrivateKey(required(source, "WECHATPAY_PRIVATE_KEY"));
  const apiV3Key = required(source, "WECHATPAY_APIV3_KEY");
  if (Buffer.byteLength(apiV3Key, "utf8") !== 32) throw new EnvError("WECHATPAY_APIV3_KEY", "must be exactly 32 bytes (the APIv3 key set in the merchant platform)");
  return {
    mchid,
    merchantSerial: merchantSerial.toUpperCase(),
    privateKey,
    apiV3Key,
    publicKey: parsePublicKey(source),
    apiBaseUrl: parseBaseUrl("WECHATPAY_API_BASE_URL", read(source, "WECHATPAY_API_BASE_URL") ?? DEFAULT_WECHATPAY_API_BASE_URL),
  };
}
