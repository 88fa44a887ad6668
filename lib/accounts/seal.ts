/**
 * Secrets at rest (an account's AppSecret, EncodingAESKey, a platform's authorizer_refresh_token):
 * sealed with AES-256-GCM under a key derived by HKDF-SHA256 from `ACCOUNTS_KEY`, or from
 * `SESSION_PASSWORD` when no dedicated key is set. A database dump alone then gives no usable
 * secret. Each value is bound to where it belongs (`context`, e.g. "account:wx…:appSecret") as
 * GCM's additional data, so a sealed value copied into another row or field does not open.
 *
 * Format: `v1.<iv>.<ciphertext+tag>` (base64url), 12-byte random IV, 16-byte tag. The version
 * prefix leaves room for a key rotation: a later version can open v1 and re-seal.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Fixed, public: HKDF's salt and info only separate this use of the key from any other. */
const SALT = "wxmp/accounts";
const INFO = "account-secrets/v1";

export interface Sealer {
  /** Seals `plain` for `context` (where the value is stored). */
  seal(plain: string, context: string): string;
  /** Opens a sealed value; throws SealError when it was not sealed with this key for this context. */
  open(sealed: string, context: string): string;
}

/** A value that does not open: a different key, a different context, or tampered bytes. */
export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SealError";
  }
}

/** The least key material accepted: SESSION_PASSWORD's own minimum (iron-session's 32 characters). */
export const MIN_KEY_MATERIAL = 32;

export function createSealer(keyMaterial: string): Sealer {
  if (typeof keyMaterial !== "string" || keyMaterial.length < MIN_KEY_MATERIAL) {
    throw new SealError(`the sealing key material must have at least ${MIN_KEY_MATERIAL} characters`);
  }
  const key = Buffer.from(hkdfSync("sha256", keyMaterial, SALT, INFO, 32));
  return {
    seal(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${iv.toString("base64url")}.${body.toString("base64url")}`;
    },
    open(sealed, context) {
      const [version, ivText, bodyText, ...rest] = typeof sealed === "string" ? sealed.split(".") : [];
      if (version !== VERSION || ivText === undefined || bodyText === undefined || rest.length > 0) throw new SealError("not a sealed value");
      const iv = Buffer.from(ivText, "base64url");
      const body = Buffer.from(bodyText, "base64url");
      if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new SealError("not a sealed value");
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv);
        decipher.setAAD(Buffer.from(context, "utf8"));
        decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
        return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString("utf8");
      } catch {
        // GCM's tag check: the wrong key, the wrong context, or altered bytes. Never say which.
        throw new SealError("the sealed value does not open with this key");
      }
    },
  };
}
