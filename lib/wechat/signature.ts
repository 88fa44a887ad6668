import { timingSafeEqual } from "node:crypto";
import { hexDigest } from "./digest";

/**
 * WeChat's signature scheme: sha1 over the parts sorted lexicographically and
 * concatenated without a separator, as lowercase hex.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
export function computeSignature(parts: readonly string[]): string {
  // Default sort compares UTF-16 code units; WeChat's values are ASCII, where that equals byte order.
  const joined = [...parts].sort().join("");
  return hexDigest("sha1", joined);
}

/**
 * Constant-time comparison of two signature strings. A length mismatch returns
 * false without throwing (timingSafeEqual throws on unequal lengths).
 */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

/**
 * Checks the `signature` query parameter of the server-URL check (GET) and of
 * every push (POST): sha1(sort([token, timestamp, nonce])).
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
export function verifySignature(input: {
  token: string;
  timestamp: string;
  nonce: string;
  signature: string;
}): boolean {
  const expected = computeSignature([input.token, input.timestamp, input.nonce]);
  return safeEqual(expected, input.signature);
}

/**
 * Checks `msg_signature` of a safe-mode push: sha1(sort([token, timestamp, nonce, Encrypt])).
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html
 */
export function verifyMessageSignature(input: {
  token: string;
  timestamp: string;
  nonce: string;
  encrypt: string;
  msgSignature: string;
}): boolean {
  const expected = computeSignature([input.token, input.timestamp, input.nonce, input.encrypt]);
  return safeEqual(expected, input.msgSignature);
}
