/**
 * The headers WeChat Pay signs every answer and notification with: `Wechatpay-Timestamp`,
 * `-Nonce`, `-Serial` (the key's id: a certificate serial or `PUB_KEY_ID_…`), `-Signature`
 * (SHA256withRSA over `TIMESTAMP\nNONCE\nBODY\n`) and `-Signature-Type`.
 * @see https://pay.weixin.qq.com/docs/merchant/development/interface-rules/signature-verification.html
 */
import { randomBytes } from "node:crypto";
import { answerSigningString, SIGNATURE_SCHEME, signSha256Rsa } from "../../protocol/wechatpay-crypto";
import type { Signer } from "./merchant";

export interface SignOptions {
  /** Seconds; default now (a stale one for forged notifications). */
  timestamp?: number;
  /** The signature as sent instead of the real one (SIGNTEST probes, broken answers). */
  signature?: string;
  /** Sign this body instead of the one sent (a tampered notification: signed, then altered). */
  signedBody?: string;
}

export function signedHeaders(signer: Signer, body: string, nowMs: number, options: SignOptions = {}): Record<string, string> {
  const timestamp = String(options.timestamp ?? Math.floor(nowMs / 1000));
  const nonce = randomBytes(16).toString("hex");
  const signature = options.signature ?? signSha256Rsa(answerSigningString(timestamp, nonce, options.signedBody ?? body), signer.privateKey);
  return {
    "Wechatpay-Timestamp": timestamp,
    "Wechatpay-Nonce": nonce,
    "Wechatpay-Serial": signer.serial,
    "Wechatpay-Signature": signature,
    "Wechatpay-Signature-Type": SIGNATURE_SCHEME,
  };
}

/** A well-formed signature that does not verify: the right key over a different message. */
export function wrongSignature(signer: Signer, body: string): string {
  return signSha256Rsa(`${body}\n(not what was sent)`, signer.privateKey);
}

/** What a SIGNTEST probe carries instead of a signature (the receiver must refuse it). */
export function signtestSignature(): string {
  return `WECHATPAY/SIGNTEST/${randomBytes(192).toString("base64")}`;
}
