/**
 * AEAD_AES_256_GCM, the encryption of notification resources and platform certificates:
 * the 32-byte APIv3 key, `nonce` and `associated_data` as given (UTF-8), and `ciphertext`
 * the base64 of ciphertext ‖ 16-byte tag. Works on bytes; the tag makes any change to the
 * ciphertext, nonce or associated data (or a wrong key) fail rather than decrypt to garbage.
 *
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_2.shtml
 */
import { createDecipheriv, type KeyObject } from "node:crypto";
import { WeChatPayCryptoError } from "./errors";

export const AEAD_ALGORITHM = "AEAD_AES_256_GCM";
const TAG_BYTES = 16;

/** The encrypted object as WeChat Pay sends it (`resource`, `encrypt_certificate`). */
export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  nonce: string;
  associated_data?: string;
  /** `transaction`, `refund`, … (notifications only). */
  original_type?: string;
}

/**
 * Decrypts one resource to its plaintext bytes; WeChatPayCryptoError when it cannot.
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_2.shtml
 */
export function decryptResource(apiV3Key: KeyObject, resource: EncryptedResource): Buffer {
  if (resource.algorithm !== AEAD_ALGORITHM) throw new WeChatPayCryptoError(`unsupported algorithm ${String(resource.algorithm).slice(0, 40)}`);
  if (typeof resource.ciphertext !== "string" || !/^[A-Za-z0-9+/]+={0,2}$/.test(resource.ciphertext)) {
    throw new WeChatPayCryptoError("ciphertext is not base64");
  }
  if (typeof resource.nonce !== "string" || resource.nonce.length === 0) throw new WeChatPayCryptoError("nonce is missing");
  const sealed = Buffer.from(resource.ciphertext, "base64");
  if (sealed.length < TAG_BYTES) throw new WeChatPayCryptoError("ciphertext is shorter than the tag");
  try {
    const decipher = createDecipheriv("aes-256-gcm", apiV3Key, Buffer.from(resource.nonce, "utf8"));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    decipher.setAAD(Buffer.from(resource.associated_data ?? "", "utf8"));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch (cause) {
    // Wrong key, tampered data or a nonce/associated_data that does not match: all look alike.
    throw new WeChatPayCryptoError("AEAD_AES_256_GCM authentication failed", { cause });
  }
}
