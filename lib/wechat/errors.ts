/**
 * Typed errors shared by the protocol modules. Every error carries a stable
 * `code` so callers (route handlers, the admin dashboard) can branch on it
 * without string matching, and an optional `cause`.
 *
 * Expected outcomes (a bad signature on an inbound push, a state mismatch in
 * OAuth) are returned as values by the modules that detect them; these classes
 * are for failures that abort an operation.
 */

export type WeChatErrorCode =
  | "WECHAT_API_ERROR"
  | "WECHAT_HTTP_ERROR"
  | "WECHAT_TIMEOUT"
  | "WECHAT_CRYPTO_ERROR"
  | "WECHAT_CONFIG_ERROR"
  | "WECHAT_VALIDATION_ERROR"
  /** Third-party platform: no usable component_verify_ticket yet (component/errors.ts). */
  | "WECHAT_COMPONENT_TICKET_MISSING"
  /** Third-party platform: the account must authorize the platform (again) (component/errors.ts). */
  | "WECHAT_AUTHORIZATION_REQUIRED";

const CODES: ReadonlySet<string> = new Set<WeChatErrorCode>([
  "WECHAT_API_ERROR", "WECHAT_HTTP_ERROR", "WECHAT_TIMEOUT", "WECHAT_CRYPTO_ERROR", "WECHAT_CONFIG_ERROR", "WECHAT_VALIDATION_ERROR",
  "WECHAT_COMPONENT_TICKET_MISSING", "WECHAT_AUTHORIZATION_REQUIRED",
]);

export abstract class WeChatError extends Error {
  abstract readonly code: WeChatErrorCode;
  /** The `code` that makes an error one of this class; null: any WeChat error. */
  static readonly brand: WeChatErrorCode | null = null;

  /**
   * `instanceof` by `code`, not only by prototype: Next bundles each route separately, so one
   * module can exist once per route bundle, while the WeChat client lives on globalThis
   * (lib/wiring/wechat.ts) and throws the classes of whichever bundle created it. A prototype
   * check alone then misses, and a WeChat error became a 500 instead of its 502/504.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (!(value instanceof Error)) return false;
    const code = (value as { code?: unknown }).code;
    if (typeof code !== "string" || !CODES.has(code)) return false;
    const brand = (this as unknown as { brand: WeChatErrorCode | null }).brand;
    return brand === null || brand === code;
  }

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** WeChat answered (usually HTTP 200) with a non-zero `errcode`. */
export class WeChatApiError extends WeChatError {
  // Each name is spelled out: production bundles minify class names, and logs must stay readable.
  override readonly name = "WeChatApiError";
  readonly code = "WECHAT_API_ERROR" as const;
  static override readonly brand = "WECHAT_API_ERROR" as const;
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    /** API path without query, e.g. `/cgi-bin/user/get` — never a URL with a token in it. */
    readonly endpoint?: string,
    options?: { cause?: unknown; data?: Readonly<Record<string, unknown>> },
  ) {
    super(`WeChat API error ${errcode}: ${errmsg}${endpoint ? ` (${endpoint})` : ""}`, options);
    this.data = options?.data;
  }

  /**
   * The answer's other fields, when WeChat sends some with an error: e.g.
   * mass sending's 45065 (clientmsgid already used) carries the first msg_id.
   */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** WeChat (or a proxy in front of it) answered with a non-2xx status or a body that is not JSON. */
export class WeChatHttpError extends WeChatError {
  override readonly name = "WeChatHttpError";
  readonly code = "WECHAT_HTTP_ERROR" as const;
  static override readonly brand = "WECHAT_HTTP_ERROR" as const;
  constructor(
    readonly status: number,
    readonly endpoint?: string,
    options?: { cause?: unknown },
  ) {
    super(`WeChat HTTP error ${status}${endpoint ? ` (${endpoint})` : ""}`, options);
  }
}

/** No answer from WeChat within the per-attempt timeout or the overall call budget. */
export class WeChatTimeoutError extends WeChatError {
  override readonly name = "WeChatTimeoutError";
  readonly code = "WECHAT_TIMEOUT" as const;
  static override readonly brand = "WECHAT_TIMEOUT" as const;
  constructor(
    readonly timeoutMs: number,
    readonly endpoint?: string,
    options?: { cause?: unknown },
  ) {
    super(`WeChat did not answer within ${timeoutMs} ms${endpoint ? ` (${endpoint})` : ""}`, options);
  }
}

/** Safe-mode decryption failed: bad base64, bad padding, wrong appid, wrong key. */
export class WeChatCryptoError extends WeChatError {
  override readonly name = "WeChatCryptoError";
  readonly code = "WECHAT_CRYPTO_ERROR" as const;
  static override readonly brand = "WECHAT_CRYPTO_ERROR" as const;
}

/** Configuration that cannot work (bad AES key length, missing secret...). */
export class WeChatConfigError extends WeChatError {
  override readonly name = "WeChatConfigError";
  readonly code = "WECHAT_CONFIG_ERROR" as const;
  static override readonly brand = "WECHAT_CONFIG_ERROR" as const;
}

/**
 * Input the platform would refuse, caught before any call: `field` names the
 * offending request field, `message` repeats the platform's documented limit.
 */
export class WeChatValidationError extends WeChatError {
  override readonly name = "WeChatValidationError";
  readonly code = "WECHAT_VALIDATION_ERROR" as const;
  static override readonly brand = "WECHAT_VALIDATION_ERROR" as const;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
