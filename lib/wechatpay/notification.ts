/**
 * An inbound WeChat Pay notification, from raw headers and body to a verified, decrypted,
 * typed event — or the reason it is refused. Nothing expected throws: a route maps the
 * result to its answer (README: "Answering a notification").
 *
 * Order matters: the signature is checked on the raw bytes before the body is parsed, and
 * the resource is decrypted only once the signature holds.
 *
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_1.shtml
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_2.shtml
 */
import type { KeyObject } from "node:crypto";
import { decryptResource, type EncryptedResource } from "./aead";
import type { VerificationFailure } from "./errors";
import { MalformedAnswer } from "./json-read";
import { parseRefundNotice, type RefundNotice } from "./refund-types";
import { parseTransaction, type Transaction } from "./transaction-types";
import type { Clock, HeadersLike } from "./types";
import { readSignatureHeaders, verifySignedMessage, type KeyLookup, type VerificationMode } from "./verify-signature";

/** Notifications are a few KiB; refuse more before reading further (the app enforces it first). */
export const NOTIFICATION_MAX_BYTES = 64 * 1024;

export type RefundEventType = "REFUND.SUCCESS" | "REFUND.ABNORMAL" | "REFUND.CLOSED";

interface Envelope {
  /** The notification id: the same on every retry of one notification. */
  id: string;
  create_time: string;
  summary?: string;
}

export type PaymentNotification =
  | (Envelope & { kind: "transaction"; event_type: "TRANSACTION.SUCCESS"; transaction: Transaction })
  | (Envelope & { kind: "refund"; event_type: RefundEventType; refund: RefundNotice })
  /** Verified and decrypted, of a type this toolkit does not handle: acknowledge it. */
  | (Envelope & { kind: "other"; event_type: string; resource: unknown });

/**
 * Why a notification was refused. The first five are verification failures (answer 401);
 * `undecryptable`, `malformed` and `too_large` are bad input (400); `unavailable` is ours —
 * the certificate store or download failed — so answer 500 and WeChat Pay will retry.
 */
export type NotificationFailureReason = VerificationFailure | "undecryptable" | "malformed" | "too_large" | "unavailable";

export type NotificationResult =
  | { ok: true; notification: PaymentNotification; serial: string; mode: VerificationMode }
  | { ok: false; reason: NotificationFailureReason; message: string };

export interface NotificationOptions {
  apiV3Key: KeyObject;
  /** The client's key lookup (public key, stored certificates, one download for an unknown serial). */
  lookup: KeyLookup;
  clock: Clock;
}

const refuse = (reason: NotificationFailureReason, message: string): NotificationResult => ({ ok: false, reason, message });

/**
 * Verifies, decrypts and types one notification.
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_1.shtml
 */
export async function parseNotification(options: NotificationOptions, headers: HeadersLike, rawBody: Uint8Array | string): Promise<NotificationResult> {
  const body = typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
  if (body.length > NOTIFICATION_MAX_BYTES) return refuse("too_large", `body over ${NOTIFICATION_MAX_BYTES} bytes`);
  let verified;
  try {
    verified = await verifySignedMessage(readSignatureHeaders(headers), body, options.lookup, options.clock());
  } catch (error) {
    return refuse("unavailable", `platform certificates unavailable: ${error instanceof Error ? error.name : "error"}`);
  }
  if (!verified.ok) return refuse(verified.reason, `signature not verified: ${verified.reason}`);
  try {
    const notification = decodeNotification(options.apiV3Key, body);
    return notification instanceof Error ? refuse("undecryptable", notification.message) : { ok: true, notification, serial: verified.serial, mode: verified.mode };
  } catch (error) {
    return refuse("malformed", error instanceof MalformedAnswer ? error.message : "body is not a notification");
  }
}

/** Parses and decrypts a verified body; returns an Error for a resource that does not decrypt. */
function decodeNotification(apiV3Key: KeyObject, body: Buffer): PaymentNotification | Error {
  let envelope: Record<string, unknown>;
  try {
    envelope = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
  } catch {
    throw new MalformedAnswer("body is not JSON");
  }
  if (!envelope || typeof envelope !== "object") throw new MalformedAnswer("body is not an object");
  const { id, create_time, event_type, summary, resource } = envelope;
  if (typeof id !== "string" || typeof event_type !== "string" || typeof create_time !== "string") throw new MalformedAnswer("id, create_time or event_type missing");
  if (!resource || typeof resource !== "object") throw new MalformedAnswer("resource missing");
  let plaintext: unknown;
  try {
    plaintext = JSON.parse(decryptResource(apiV3Key, resource as EncryptedResource).toString("utf8"));
  } catch (error) {
    if (error instanceof SyntaxError) throw new MalformedAnswer("decrypted resource is not JSON");
    return new Error(`resource not decrypted: ${error instanceof Error ? error.message : "error"}`);
  }
  const head: Envelope = { id, create_time, summary: typeof summary === "string" ? summary : undefined };
  if (event_type === "TRANSACTION.SUCCESS") return { ...head, kind: "transaction", event_type, transaction: parseTransaction(plaintext) };
  if (event_type === "REFUND.SUCCESS" || event_type === "REFUND.ABNORMAL" || event_type === "REFUND.CLOSED") {
    return { ...head, kind: "refund", event_type, refund: parseRefundNotice(plaintext) };
  }
  return { ...head, kind: "other", event_type, resource: plaintext };
}
