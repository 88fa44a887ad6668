/**
 * WeChat Pay APIv3's wire crypto as the simulator (WeChat Pay's side) needs it: the signing
 * strings, SHA256withRSA, the merchant's `Authorization` header, and AEAD_AES_256_GCM for
 * notifications and certificates. Written from the protocol notes (docs/wechat-pay.md and the
 * official pages below), independent of the app's lib/wechatpay, and checked against the published
 * vectors in test/vectors/wechatpay-test-vectors.json.
 * @see https://pay.weixin.qq.com/docs/merchant/development/interface-rules/signature-generation.html
 * @see https://pay.weixin.qq.com/docs/merchant/development/interface-rules/signature-verification.html
 * @see https://pay.weixin.qq.com/docs/merchant/development/interface-rules/certificate-callback-decryption.html
 */
import { createCipheriv, createDecipheriv, sign, verify, type KeyLike } from "node:crypto";

/** The scheme of the merchant's Authorization header and of WeChat Pay's signatures. */
export const SIGNATURE_SCHEME = "WECHATPAY2-SHA256-RSA2048";

/** What the merchant signs: `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n` (body empty for GET). */
export function requestSigningString(method: string, pathWithQuery: string, timestamp: string, nonce: string, body: string): string {
  return `${method}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** What WeChat Pay signs on answers and notifications: `TIMESTAMP\nNONCE\nBODY\n`. */
export function answerSigningString(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

/**
 * What the page signs for `getBrandWCPayRequest`: `appId\ntimeStamp\nnonceStr\npackage\n`.
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter5_1_4.shtml
 */
export function paySigningString(appId: string, timeStamp: string, nonceStr: string, pkg: string): string {
  return `${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`;
}

/** base64(SHA256withRSA(key, message)). */
export function signSha256Rsa(message: string, privateKey: KeyLike): string {
  return sign("sha256", Buffer.from(message, "utf8"), privateKey).toString("base64");
}

/** Whether `signature` (base64) is SHA256withRSA over `message` for `publicKey`; false for anything malformed. */
export function verifySha256Rsa(message: string, signature: string, publicKey: KeyLike): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
  try {
    return verify("sha256", Buffer.from(message, "utf8"), publicKey, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}

/** The fields of `Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"`. */
export interface MerchantAuthorization {
  mchid: string;
  nonce_str: string;
  signature: string;
  timestamp: string;
  serial_no: string;
}

const AUTH_FIELDS = ["mchid", "nonce_str", "signature", "timestamp", "serial_no"] as const;

/** Parses the header (fields in any order, each once); null when it is not that scheme or a field is missing. */
export function parseAuthorization(header: string | undefined): MerchantAuthorization | null {
  if (!header) return null;
  const space = header.indexOf(" ");
  if (space < 0 || header.slice(0, space) !== SIGNATURE_SCHEME) return null;
  const fields: Record<string, string> = {};
  const pattern = /\s*([a-z_]+)="([^"]*)"\s*(?:,|$)/gy;
  const rest = header.slice(space + 1);
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(rest)) !== null && match[0] !== "") {
    const [, key, value] = match as unknown as [string, string, string];
    if (key in fields) return null;
    fields[key] = value;
    consumed = pattern.lastIndex;
  }
  if (consumed !== rest.length) return null;
  return AUTH_FIELDS.every((k) => typeof fields[k] === "string" && fields[k] !== "") ? (fields as unknown as MerchantAuthorization) : null;
}

/** The Authorization header value (what a merchant sends; the tests' independent client builds its own). */
export function formatAuthorization(auth: MerchantAuthorization): string {
  return `${SIGNATURE_SCHEME} ${AUTH_FIELDS.map((k) => `${k}="${auth[k]}"`).join(",")}`;
}

/** AEAD_AES_256_GCM's sealed form as WeChat Pay sends it. */
export interface AeadSealed {
  /** base64 of ciphertext ‖ 16-byte tag. */
  ciphertext: string;
  nonce: string;
  associated_data: string;
}

function aesKey(apiV3Key: string): Buffer {
  const key = Buffer.from(apiV3Key, "utf8");
  if (key.length !== 32) throw new Error("the APIv3 key must be 32 bytes");
  return key;
}

/** Seals `plaintext` with the APIv3 key (AES-256-GCM, the nonce's bytes as IV, 16-byte tag appended). */
export function aeadEncrypt(apiV3Key: string, nonce: string, associatedData: string, plaintext: string): AeadSealed {
  const cipher = createCipheriv("aes-256-gcm", aesKey(apiV3Key), Buffer.from(nonce, "utf8"));
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return { ciphertext: sealed.toString("base64"), nonce, associated_data: associatedData };
}

/** Opens a sealed resource; throws when the key, nonce, associated data or tag do not match. */
export function aeadDecrypt(apiV3Key: string, sealed: AeadSealed): string {
  const data = Buffer.from(sealed.ciphertext, "base64");
  if (data.length < 16) throw new Error("ciphertext shorter than the tag");
  const decipher = createDecipheriv("aes-256-gcm", aesKey(apiV3Key), Buffer.from(sealed.nonce, "utf8"));
  decipher.setAAD(Buffer.from(sealed.associated_data, "utf8"));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8");
}
