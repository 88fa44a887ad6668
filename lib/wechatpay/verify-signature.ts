/**
 * Verifying a signed answer or notification, in the documented order: the four
 * `Wechatpay-*` headers present, not a `WECHATPAY/SIGNTEST/` probe, the timestamp within 5
 * minutes, a key for the serial the headers name, then SHA256withRSA over
 * `TIMESTAMP\nNONCE\nBODY\n` on the raw body bytes. Expected failures are returned, not
 * thrown; only a failing key lookup (store or certificate download down) throws.
 *
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_1.shtml
 * @see https://pay.weixin.qq.com/doc/v3/partner/4013059030 (replays and signature probes)
 */
import type { KeyObject } from "node:crypto";
import type { VerificationFailure } from "./errors";
import { buildAnswerMessage, SIGNTEST_PREFIX, verifySha256WithRsa } from "./signature";
import { readHeader, type HeadersLike } from "./types";

/** WeChat Pay refuses requests more than 5 minutes off and asks merchants to do the same. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export interface SignatureHeaders {
  timestamp?: string;
  nonce?: string;
  serial?: string;
  signature?: string;
}

export type VerificationMode = "public_key" | "certificate";

/** Finds the key a serial names; null when none is known (after whatever lookup it does). */
export type KeyLookup = (serial: string) => Promise<{ key: KeyObject; mode: VerificationMode } | null>;

export type VerifyResult =
  | { ok: true; serial: string; mode: VerificationMode }
  | { ok: false; reason: VerificationFailure; serial?: string };

/** The four `Wechatpay-*` headers, trimmed. */
export function readSignatureHeaders(headers: HeadersLike): SignatureHeaders {
  return {
    timestamp: readHeader(headers, "Wechatpay-Timestamp")?.trim(),
    nonce: readHeader(headers, "Wechatpay-Nonce")?.trim(),
    serial: readHeader(headers, "Wechatpay-Serial")?.trim(),
    signature: readHeader(headers, "Wechatpay-Signature")?.trim(),
  };
}

/** True when the answer carries a signature at all (error answers to a refused request do not). */
export function hasSignature(headers: SignatureHeaders): boolean {
  return Boolean(headers.signature);
}

/** Platform certificate serials are hex; `Wechatpay-Serial` sends them upper-case. */
export function normalizeSerial(serial: string): string {
  return serial.startsWith("PUB_KEY_ID_") ? serial : serial.toUpperCase();
}

/**
 * Verifies the signature headers of an answer or notification over its raw body.
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_1.shtml
 */
export async function verifySignedMessage(
  headers: SignatureHeaders,
  body: Uint8Array | string,
  lookup: KeyLookup,
  nowMs: number,
): Promise<VerifyResult> {
  const { timestamp, nonce, serial, signature } = headers;
  if (!timestamp || !nonce || !serial || !signature) return { ok: false, reason: "missing_headers" };
  const named = normalizeSerial(serial);
  // A probe is refused before any work: it must not cost a key lookup or a certificate download.
  if (signature.startsWith(SIGNTEST_PREFIX)) return { ok: false, reason: "signtest", serial: named };
  if (!/^[0-9]{1,12}$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: "stale_timestamp", serial: named };
  }
  const found = await lookup(named);
  if (!found) return { ok: false, reason: "unknown_serial", serial: named };
  if (!verifySha256WithRsa(found.key, buildAnswerMessage(timestamp, nonce, body), signature)) {
    return { ok: false, reason: "bad_signature", serial: named };
  }
  return { ok: true, serial: named, mode: found.mode };
}
