/**
 * The one place that talks to WeChat Pay: signs each request (a fresh timestamp and nonce
 * per attempt over the SAME body bytes), sends it with a per-attempt timeout inside an
 * overall budget, verifies every answer before anything reads it, and decides on retries.
 *
 * Retries. SYSTEM_ERROR (500), SERVICE_UNAVAILABLE (502/503) and the rate limit (429) ask for
 * the request to be repeated "with the same parameters" (使用相同参数/原参数重试); a timeout or a
 * dropped connection leaves unknown whether WeChat Pay acted. Repeating is safe only where a
 * repeat cannot move money twice:
 * - queries (GET) change nothing;
 * - a JSAPI order is keyed by out_trade_no: the same out_trade_no with the same parameters
 *   returns the same prepay_id, and nothing is charged before the buyer pays;
 * - a refund is keyed by out_refund_no: "同一退款单号多次请求只退一笔", and after a 429 the docs
 *   say to retry "通过原退款单号";
 * - closing an order twice leaves it closed.
 * So a request is retried only when the caller marks it `idempotent` — a GET, or a POST whose
 * body carries its idempotency key — and then with the identical body bytes (the JSON is
 * serialized once, before the first attempt). A POST not so marked is never repeated, not
 * even after a timeout. Only the signature, timestamp and nonce change between attempts.
 *
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3_partner/wechatpay/wechatpay2_1.shtml
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3_partner/apis/chapter5_1_14.shtml (refund: out_refund_no)
 */
import type { KeyObject } from "node:crypto";
import { WeChatPayApiError, WeChatPayError, WeChatPayHttpError, WeChatPayTimeoutError, WeChatPayVerificationError } from "./errors";
import { AttemptTimeout, attempt, type RawAnswer } from "./http-attempt";
import { createNonce, defaultRandomBytes } from "./nonce";
import { signRequest } from "./signature";
import { silentLogger, type Clock, type FetchLike, type Logger, type RandomBytes } from "./types";
import { hasSignature, readSignatureHeaders, type VerifyResult } from "./verify-signature";

export interface HttpOptions {
  /** Default https://api.mch.weixin.qq.com (the simulator in the demo and tests). */
  baseUrl?: string;
  fetch?: FetchLike;
  /** Per attempt, default 5000 ms. */
  timeoutMs?: number;
  /** The whole call with its retries and backoff, default 12000 ms. */
  totalTimeoutMs?: number;
  /** Retries after 429/500/502/503 for an idempotent request, default 3 (200, 400, 800 ms + jitter). */
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  clock?: Clock;
  randomBytes?: RandomBytes;
  logger?: Logger;
}

export interface Merchant {
  mchid: string;
  /** Serial of the merchant API certificate. */
  serialNo: string;
  privateKey: KeyObject;
  /**
   * The WeChat Pay public key id, when configured: sent as `Wechatpay-Serial` on every
   * request, which tells WeChat Pay to sign its answers with that key (during the switch,
   * answers follow the request's Wechatpay-Serial; notifications do not).
   */
  publicKeyId?: string;
}

export interface PayRequest {
  method: "GET" | "POST";
  /** Path as sent (segments already encoded), without query. */
  path: string;
  query?: Record<string, string>;
  /** JSON-encoded once for POST. */
  body?: unknown;
  /** A repeat cannot move money twice (see above): only then is the request retried. */
  idempotent: boolean;
}

/** Checks an answer's signature; the certificate download brings its own. */
export type AnswerVerifier = (answer: RawAnswer) => Promise<VerifyResult>;

export interface PayAnswer {
  status: number;
  /** The parsed JSON body; undefined for an empty body (204). */
  data: unknown;
}

export const DEFAULT_BASE_URL = "https://api.mch.weixin.qq.com";
export const DEFAULT_TIMEOUT_MS = 5_000;
export const DEFAULT_TOTAL_TIMEOUT_MS = 12_000;
export const DEFAULT_MAX_RETRIES = 3;
const BACKOFF_BASE_MS = 200;
const USER_AGENT = "wechat-mp-next-wechatpay/0.1";
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503]);
const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Performs one call. Throws WeChatPayApiError, …VerificationError, …HttpError, …TimeoutError.
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_0.shtml
 */
export async function requestWeChatPay(http: HttpOptions, merchant: Merchant, verify: AnswerVerifier, req: PayRequest): Promise<PayAnswer> {
  const o = withDefaults(http);
  const endpoint = req.path;
  const prefix = new URL(o.baseUrl).pathname.replace(/\/+$/, "");
  const query = new URLSearchParams(req.query ?? {}).toString();
  const signedPath = `${prefix}${req.path}${query ? `?${query}` : ""}`;
  const url = `${new URL(o.baseUrl).origin}${signedPath}`;
  // Serialized once: every attempt sends, and signs, exactly these bytes.
  const body = req.method === "POST" ? Buffer.from(JSON.stringify(req.body ?? {}), "utf8") : Buffer.alloc(0);
  const deadline = o.clock() + o.totalTimeoutMs;
  let retries = 0;
  let transientRetried = false;

  for (;;) {
    const remaining = deadline - o.clock();
    if (remaining <= 0) throw new WeChatPayTimeoutError(o.totalTimeoutMs, endpoint);
    const budget = Math.min(o.timeoutMs, remaining);
    const timestamp = String(Math.floor(o.clock() / 1000));
    const authorization = signRequest(merchant, { method: req.method, pathWithQuery: signedPath, body, timestamp, nonce: createNonce(o.randomBytes) });
    let answer: RawAnswer;
    try {
      answer = await attempt(o.fetch, url, { method: req.method, headers: requestHeaders(authorization, merchant, req.method), body: req.method === "POST" ? body : undefined }, budget, endpoint);
    } catch (error) {
      // WeChat Pay may have acted on a request that timed out: repeat only a repeatable one, once.
      if (req.idempotent && !transientRetried && deadline - o.clock() > 0) {
        transientRetried = true;
        o.logger.warn("wechatpay request retried", { endpoint, reason: error instanceof AttemptTimeout ? "timeout" : "network" });
        continue;
      }
      if (error instanceof AttemptTimeout) throw new WeChatPayTimeoutError(budget < o.timeoutMs ? o.totalTimeoutMs : o.timeoutMs, endpoint);
      throw error;
    }
    const outcome = await judgeAnswer(answer, verify, endpoint);
    if (!(outcome instanceof WeChatPayError)) return outcome;
    const status = outcome instanceof WeChatPayApiError || outcome instanceof WeChatPayHttpError ? outcome.status : 0;
    const backoff = Math.round(BACKOFF_BASE_MS * 2 ** retries * (1 + Math.random() * 0.2));
    if (!req.idempotent || !RETRYABLE_STATUSES.has(status) || retries >= o.maxRetries || o.clock() + backoff >= deadline) {
      if (outcome instanceof WeChatPayApiError) o.logger.warn("wechatpay api error", { endpoint, status, code: outcome.code });
      throw outcome;
    }
    retries++;
    o.logger.warn("wechatpay busy, retrying", { endpoint, status, attempt: retries, backoffMs: backoff });
    await o.sleep(backoff);
  }
}

function withDefaults(http: HttpOptions) {
  return {
    baseUrl: http.baseUrl ?? DEFAULT_BASE_URL,
    fetch: http.fetch ?? ((input: string, init?: RequestInit) => globalThis.fetch(input, init)),
    timeoutMs: http.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    totalTimeoutMs: http.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS,
    maxRetries: http.maxRetries ?? DEFAULT_MAX_RETRIES,
    sleep: http.sleep ?? realSleep,
    clock: http.clock ?? Date.now,
    randomBytes: http.randomBytes ?? defaultRandomBytes,
    logger: http.logger ?? silentLogger,
  };
}

function requestHeaders(authorization: string, merchant: Merchant, method: string): Record<string, string> {
  const headers: Record<string, string> = { Authorization: authorization, Accept: "application/json", "User-Agent": USER_AGENT };
  if (method === "POST") headers["Content-Type"] = "application/json";
  if (merchant.publicKeyId) headers["Wechatpay-Serial"] = merchant.publicKeyId;
  return headers;
}

/**
 * The answer, verified then parsed; or the error it is (returned so the caller can decide on
 * a retry). A 2xx must verify. An error answer is verified when signed; WeChat Pay signs none
 * when it refused our signature, and such an error is reported with `verified: false`.
 */
async function judgeAnswer(answer: RawAnswer, verify: AnswerVerifier, endpoint: string): Promise<PayAnswer | WeChatPayError> {
  const ok = answer.status >= 200 && answer.status < 300;
  const signed = hasSignature(readSignatureHeaders(answer.headers));
  if (ok || signed) {
    const result = await verify(answer);
    if (!result.ok) return new WeChatPayVerificationError(result.reason, endpoint, result.serial);
  }
  let data: unknown;
  try {
    data = answer.body.length ? (JSON.parse(answer.body.toString("utf8")) as unknown) : undefined;
  } catch (cause) {
    return new WeChatPayHttpError(answer.status, endpoint, { cause });
  }
  if (ok) return { status: answer.status, data };
  const fields = (data && typeof data === "object" ? data : {}) as { code?: unknown; message?: unknown; detail?: unknown };
  if (typeof fields.code !== "string") return new WeChatPayHttpError(answer.status, endpoint);
  const apiMessage = typeof fields.message === "string" ? fields.message : "";
  return new WeChatPayApiError(answer.status, fields.code, apiMessage, endpoint, { detail: fields.detail, verified: signed });
}
