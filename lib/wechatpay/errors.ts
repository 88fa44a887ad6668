/**
 * Typed errors of the WeChat Pay client. Each class has a stable `kind` to branch on (the
 * field `code` is WeChat Pay's own error code on WeChatPayApiError, so the class brand has
 * another name). Messages never carry the private key, the APIv3 key, a signature or an
 * Authorization header: nothing here is built from them.
 *
 * Expected outcomes of an inbound notification (bad signature, stale, undecryptable) are
 * returned values of parseNotification, not these errors.
 *
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3_partner/wechatpay/wechatpay2_1.shtml (HTTP statuses and codes)
 */

export type WeChatPayErrorKind = "api" | "http" | "timeout" | "verification" | "crypto" | "config" | "validation";

const KINDS: ReadonlySet<string> = new Set<WeChatPayErrorKind>(["api", "http", "timeout", "verification", "crypto", "config", "validation"]);

export abstract class WeChatPayError extends Error {
  abstract readonly kind: WeChatPayErrorKind;
  /** The kind that makes an error one of this class; null: any WeChat Pay error. */
  static readonly brand: WeChatPayErrorKind | null = null;

  /**
   * `instanceof` by `kind` as well as by prototype: Next bundles each route separately, so a
   * client created in one bundle throws classes another bundle does not share (the same
   * reason as lib/wechat/errors.ts).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (!(value instanceof Error)) return false;
    const marker = (value as { wechatPayErrorKind?: unknown }).wechatPayErrorKind;
    if (typeof marker !== "string" || !KINDS.has(marker)) return false;
    const brand = (this as unknown as { brand: WeChatPayErrorKind | null }).brand;
    return brand === null || brand === marker;
  }

  /** Same value as `kind`, under a name no other library uses (for the cross-bundle check). */
  get wechatPayErrorKind(): WeChatPayErrorKind {
    return this.kind;
  }
}

/** WeChat Pay answered 4xx/5xx with `{ code, message, detail? }`. */
export class WeChatPayApiError extends WeChatPayError {
  // Names spelled out: production bundles minify class names, and logs must stay readable.
  override readonly name = "WeChatPayApiError";
  readonly kind = "api" as const;
  static override readonly brand = "api" as const;
  constructor(
    readonly status: number,
    /** WeChat Pay's code, e.g. PARAM_ERROR, ORDER_NOT_EXIST, SYSTEM_ERROR. */
    readonly code: string,
    /** WeChat Pay's `message` (Chinese), as sent; `message` itself adds status, code and endpoint. */
    readonly apiMessage: string,
    /** API path without query, e.g. `/v3/pay/transactions/jsapi`. */
    readonly endpoint: string,
    options?: {
      detail?: unknown;
      /** False when the error answer carried no signature (WeChat Pay signs none when it rejected ours). */
      verified?: boolean;
      cause?: unknown;
    },
  ) {
    super(`WeChat Pay error ${status} ${code}: ${apiMessage} (${endpoint})`, { cause: options?.cause });
    this.detail = options?.detail;
    this.verified = options?.verified ?? true;
  }
  /** WeChat Pay's `detail` object (e.g. `{ field, location, issue }`), when sent. */
  readonly detail: unknown;
  readonly verified: boolean;
}

/** A non-JSON or unexpected answer, or a network failure (status 0). */
export class WeChatPayHttpError extends WeChatPayError {
  override readonly name = "WeChatPayHttpError";
  readonly kind = "http" as const;
  static override readonly brand = "http" as const;
  constructor(
    readonly status: number,
    readonly endpoint: string,
    options?: { cause?: unknown },
  ) {
    super(`WeChat Pay HTTP error ${status} (${endpoint})`, options);
  }
}

/** No answer within the per-attempt timeout or the overall call budget. */
export class WeChatPayTimeoutError extends WeChatPayError {
  override readonly name = "WeChatPayTimeoutError";
  readonly kind = "timeout" as const;
  static override readonly brand = "timeout" as const;
  constructor(
    readonly timeoutMs: number,
    readonly endpoint: string,
  ) {
    super(`WeChat Pay did not answer within ${timeoutMs} ms (${endpoint})`);
  }
}

/** Why an answer or a notification failed verification. */
export type VerificationFailure =
  | "missing_headers"
  | "signtest"
  | "stale_timestamp"
  | "unknown_serial"
  | "bad_signature";

/** An answer whose signature did not verify: it was not used. */
export class WeChatPayVerificationError extends WeChatPayError {
  override readonly name = "WeChatPayVerificationError";
  readonly kind = "verification" as const;
  static override readonly brand = "verification" as const;
  constructor(
    readonly reason: VerificationFailure,
    readonly endpoint: string,
    /** The serial the answer named (a certificate serial or public key id: not a secret). */
    readonly serial?: string,
  ) {
    super(`WeChat Pay answer failed verification: ${reason} (${endpoint})`);
  }
}

/** AEAD_AES_256_GCM decryption failed, or a decrypted certificate was not what it claimed. */
export class WeChatPayCryptoError extends WeChatPayError {
  override readonly name = "WeChatPayCryptoError";
  readonly kind = "crypto" as const;
  static override readonly brand = "crypto" as const;
}

/** Configuration that cannot work: a key that does not parse, an APIv3 key not 32 bytes. */
export class WeChatPayConfigError extends WeChatPayError {
  override readonly name = "WeChatPayConfigError";
  readonly kind = "config" as const;
  static override readonly brand = "config" as const;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Input WeChat Pay would refuse, caught before any call; `field` names the request field. */
export class WeChatPayValidationError extends WeChatPayError {
  override readonly name = "WeChatPayValidationError";
  readonly kind = "validation" as const;
  static override readonly brand = "validation" as const;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
