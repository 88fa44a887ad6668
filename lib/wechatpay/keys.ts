/**
 * Loading the merchant's keys into node:crypto KeyObjects. A KeyObject serializes to `{}`
 * and prints without its material, so a client holding only KeyObjects cannot leak the
 * private key or the APIv3 key through JSON, `toString` or a logged object. The PEM and the
 * APIv3 key string are not kept anywhere after loading.
 *
 * @see https://pay.weixin.qq.com/docs/merchant/products/update-pub-key/wxp-pub-key-guide.html (微信支付公钥)
 */
import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject } from "node:crypto";
import { WeChatPayConfigError } from "./errors";

/** The APIv3 key is exactly 32 bytes (it is the AES-256 key). */
export const APIV3_KEY_BYTES = 32;

/**
 * The WeChat Pay public key id: `PUB_KEY_ID_` then digits (32 in the brand guide; the
 * wechatpay-java README shows a shorter one, so the count is not enforced).
 * @see https://pay.weixin.qq.com/docs/merchant/products/update-pub-key/wxp-pub-key-guide.html
 */
export function isPublicKeyId(value: string): boolean {
  return /^PUB_KEY_ID_[0-9]+$/.test(value);
}

/** Hosting variables often hold a PEM on one line with literal `\n`: restore the newlines. */
function normalizePem(pem: string): string {
  return pem.includes("\\n") ? pem.replace(/\\n/g, "\n") : pem;
}

/** The merchant API private key (`apiclient_key.pem`, PKCS#8 or PKCS#1), RSA only. */
export function loadMerchantPrivateKey(pem: string | KeyObject, field = "privateKey"): KeyObject {
  let key: KeyObject;
  try {
    key = typeof pem === "string" ? createPrivateKey(normalizePem(pem)) : pem;
  } catch {
    // The parser's message may quote part of the input: say only what is wrong.
    throw new WeChatPayConfigError(field, `${field} is not a PEM private key`);
  }
  if (key.type !== "private" || key.asymmetricKeyType !== "rsa") {
    throw new WeChatPayConfigError(field, `${field} must be an RSA private key`);
  }
  return key;
}

/** The WeChat Pay public key (微信支付公钥, PEM `BEGIN PUBLIC KEY`), RSA only. */
export function loadWeChatPayPublicKey(pem: string | KeyObject, field = "publicKey"): KeyObject {
  let key: KeyObject;
  try {
    key = typeof pem === "string" ? createPublicKey(normalizePem(pem)) : pem;
  } catch {
    throw new WeChatPayConfigError(field, `${field} is not a PEM public key`);
  }
  if (key.type !== "public" || key.asymmetricKeyType !== "rsa") {
    throw new WeChatPayConfigError(field, `${field} must be an RSA public key`);
  }
  return key;
}

/** The APIv3 key (APIv3密钥): 32 bytes of UTF-8, used as the AES-256-GCM key as it is. */
export function loadApiV3Key(value: string | KeyObject, field = "apiV3Key"): KeyObject {
  if (typeof value !== "string") {
    if (value.type !== "secret" || value.symmetricKeySize !== APIV3_KEY_BYTES) {
      throw new WeChatPayConfigError(field, `${field} must be a ${APIV3_KEY_BYTES}-byte secret key`);
    }
    return value;
  }
  const bytes = Buffer.from(value, "utf8");
  if (bytes.length !== APIV3_KEY_BYTES) {
    throw new WeChatPayConfigError(field, `${field} must be ${APIV3_KEY_BYTES} bytes (it is ${bytes.length})`);
  }
  return createSecretKey(bytes);
}
