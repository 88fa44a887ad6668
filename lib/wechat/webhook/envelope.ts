/**
 * Authentication and the safe-mode envelope: who may push, and what the push says.
 *
 * `authenticate` checks the query's `signature` and the timestamp window (every request);
 * `refuseDowngrade` refuses plaintext pushes once a key is configured; `openEnvelope` turns
 * the outer XML into the message record, decrypting safe/compatible-mode pushes after
 * checking `msg_signature`.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html
 */
import { decryptWithKeys } from "../crypto";
import { verifyMessageSignature, verifySignature } from "../signature";
import type { Clock, Logger } from "../types";
import { parseXml, textField, type XmlRecord } from "../xml";
import { describeThrown, textOutput, type WebhookOutput } from "./types";

export type EnvelopeConfig = {
  token: string;
  appId: string;
  /** Current key first, then the one before the last rotation. Empty: plaintext only. */
  aesKeys: string[];
  /** With a key configured, still accept plaintext pushes (while the console's mode is switched). */
  acceptPlaintext: boolean;
  maxSkewSeconds: number;
  maxBodyBytes: number;
  /** How long the body may take to arrive. */
  bodyReadMs: number;
  clock: Clock;
  logger: Logger;
};

/** The message and, when the push was encrypted, the key that opened it (the reply uses the same). */
export type Envelope = { record: XmlRecord; aesKey?: string };

/** Checks `signature` and the timestamp window; an output means refused. */
export function authenticate(config: EnvelopeConfig, query: URLSearchParams): WebhookOutput | null {
  const signature = query.get("signature") ?? "";
  const timestamp = query.get("timestamp") ?? "";
  const nonce = query.get("nonce") ?? "";
  if (!verifySignature({ token: config.token, timestamp, nonce, signature })) {
    config.logger.warn("wechat webhook: bad signature");
    return textOutput(401, "invalid signature");
  }
  // Bounds replays of a captured, validly signed request.
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(config.clock() / 1000 - Number(timestamp)) > config.maxSkewSeconds) {
    config.logger.warn("wechat webhook: timestamp outside the accepted window", { timestamp });
    return textOutput(401, "stale timestamp");
  }
  return null;
}

/**
 * With a key configured, a push without `encrypt_type=aes` would be checked only by the
 * plain `signature`, which does not cover the body: refused, unless plaintext is accepted
 * on purpose for the minutes of a mode switch.
 */
export function refuseDowngrade(config: EnvelopeConfig, query: URLSearchParams): WebhookOutput | null {
  if (config.aesKeys.length === 0 || config.acceptPlaintext || query.get("encrypt_type") === "aes") return null;
  config.logger.warn("wechat webhook: plaintext push refused (EncodingAESKey configured; WECHAT_ACCEPT_PLAINTEXT not set)");
  return textOutput(401, "plaintext push refused: safe mode is configured");
}

/** Opens a safe-mode envelope: the message record and the key to reply with, or a refusal. */
export function openEnvelope(config: EnvelopeConfig, record: XmlRecord, query: URLSearchParams): WebhookOutput | Envelope {
  const encrypt = textField(record, "Encrypt");
  const hasPlaintext = textField(record, "MsgType") !== undefined;
  if (query.get("encrypt_type") !== "aes" && (encrypt === undefined || hasPlaintext)) return { record };
  if (encrypt === undefined) return textOutput(400, "missing Encrypt");
  const { aesKeys, logger } = config;
  if (aesKeys.length === 0) {
    if (hasPlaintext) {
      logger.warn("wechat webhook: compatible-mode push handled as plaintext (no EncodingAESKey configured)");
      return { record };
    }
    logger.error("wechat webhook: encrypted push but no EncodingAESKey configured (WECHAT_ENCODING_AES_KEY)");
    return textOutput(400, "encrypted message but no EncodingAESKey configured");
  }
  const msgSignature = query.get("msg_signature");
  if (!msgSignature) return textOutput(400, "missing msg_signature");
  const [timestamp, nonce] = [query.get("timestamp") ?? "", query.get("nonce") ?? ""];
  if (!verifyMessageSignature({ token: config.token, timestamp, nonce, encrypt, msgSignature })) {
    logger.warn("wechat webhook: bad msg_signature");
    return textOutput(401, "invalid msg_signature");
  }
  let decrypted;
  try {
    decrypted = decryptWithKeys(aesKeys, { appId: config.appId, encrypted: encrypt });
  } catch (error) {
    logger.warn("wechat webhook: push does not decrypt with our keys and appid", { reason: describeThrown(error) });
    return textOutput(401, "cannot decrypt message");
  }
  if (decrypted.keyIndex > 0) logger.info("wechat webhook: push decrypted with the previous EncodingAESKey");
  const inner = parseXml(decrypted.message, { maxLength: config.maxBodyBytes });
  if (!inner.ok) return textOutput(400, "malformed XML");
  return { record: inner.record, aesKey: decrypted.encodingAESKey };
}
