/**
 * The one place that owns WeChat's "HTTP 200 + errcode" convention: per-attempt
 * timeouts, retries on −1 (system busy), a bounded total call time, and error
 * messages that never carry the query string (it holds access_token / secret).
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
 */
import { WeChatApiError, WeChatHttpError, WeChatTimeoutError } from "./errors";
import { silentLogger, type Clock, type FetchLike, type Logger } from "./types";

export interface HttpOptions {
  /** e.g. https://api.weixin.qq.com or the simulator. */
  baseUrl: string;
  /** Default: globalThis.fetch. */
  fetch?: FetchLike;
  /** Per attempt, default 5000 ms (enforced with an AbortSignal). */
  timeoutMs?: number;
  /** Whole call including retries and backoff, default 12000 ms. */
  totalTimeoutMs?: number;
  /** errcode −1 is retried up to this many times with growing backoff, default 3. */
  maxBusyRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  clock?: Clock;
  logger?: Logger;
}

export interface ApiRequest {
  /** Default GET. */
  method?: "GET" | "POST";
  /** e.g. "/cgi-bin/user/get". */
  path: string;
  query?: Record<string, string | number | undefined>;
  /** JSON-encoded for POST (UTF-8, Chinese left unescaped as WeChat expects). */
  body?: unknown;
  /**
   * A multipart upload (media, head images): sent as a POST with this body as is, so
   * fetch writes the boundary and Content-Type itself. Takes the place of `body`.
   */
  form?: FormData;
  /** Default: true for GET. A timed-out idempotent call is retried at most once. */
  idempotent?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 5_000;
export const DEFAULT_TOTAL_TIMEOUT_MS = 12_000;
export const DEFAULT_MAX_BUSY_RETRIES = 3;
/** First backoff after a −1; doubles on each further retry (200, 400, 800 ms + up to 20% jitter). */
const BUSY_BACKOFF_BASE_MS = 200;

/** Values under these keys are secrets: redacted from anything we report. */
const SENSITIVE_KEY = /token|secret|ticket|^code$/i;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Internal marker: the attempt exceeded its time budget. */
class AttemptTimeout extends Error {}

/**
 * Performs one WeChat API call honouring the "HTTP 200 + errcode" convention.
 * Returns the parsed JSON when errcode is absent or 0. Throws WeChatApiError
 * (errcode/errmsg/endpoint=path), WeChatHttpError (non-2xx / non-JSON / network
 * failure as status 0), WeChatTimeoutError. Never puts query values (tokens,
 * secrets) in error messages or logs.
 *
 * Never retried: anything but −1 and timeouts — in particular 40164 (IP not
 * whitelisted; errmsg names the IP), 45009, 40013, 40125, 40243.
 */
export async function requestWeChat<T>(http: HttpOptions, req: ApiRequest): Promise<T> {
  const fetchImpl = http.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const clock = http.clock ?? Date.now;
  const sleep = http.sleep ?? realSleep;
  const logger = http.logger ?? silentLogger;
  const timeoutMs = http.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const totalTimeoutMs = http.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS;
  const maxBusyRetries = http.maxBusyRetries ?? DEFAULT_MAX_BUSY_RETRIES;
  const method = req.form ? "POST" : (req.method ?? "GET");
  const idempotent = req.idempotent ?? method === "GET";
  const endpoint = req.path;
  const url = buildUrl(http.baseUrl, req.path, req.query);
  const secrets = collectSecrets(req);
  const init: RequestInit = { method };
  if (req.form) {
    init.body = req.form;
  } else if (method === "POST") {
    init.headers = { "Content-Type": "application/json; charset=utf-8" };
    init.body = JSON.stringify(req.body ?? {});
  }

  const deadline = clock() + totalTimeoutMs;
  let busyRetries = 0;
  let transientRetries = 0;

  for (;;) {
    const remaining = deadline - clock();
    if (remaining <= 0) throw new WeChatTimeoutError(totalTimeoutMs, endpoint);
    const budget = Math.min(timeoutMs, remaining);
    let payload: unknown;
    try {
      payload = await attempt(fetchImpl, url, init, budget, endpoint);
    } catch (error) {
      const timedOut = error instanceof AttemptTimeout;
      const network = !timedOut && !(error instanceof WeChatHttpError);
      if (!timedOut && !network) throw error;
      // A call that may have reached WeChat is repeated only when repeating is harmless.
      if (idempotent && transientRetries < 1 && deadline - clock() > 0) {
        transientRetries++;
        logger.warn("wechat request retried", { endpoint, reason: timedOut ? "timeout" : "network" });
        continue;
      }
      if (timedOut) throw new WeChatTimeoutError(budget < timeoutMs ? totalTimeoutMs : timeoutMs, endpoint);
      throw new WeChatHttpError(0, endpoint, { cause: sanitizeCause(error, secrets) });
    }

    const errcode = readErrcode(payload);
    if (errcode === 0) return payload as T;
    const errmsg = redact(readErrmsg(payload), secrets);
    const apiError = new WeChatApiError(errcode, errmsg, endpoint, { data: otherFields(payload) });
    if (errcode === -1 && busyRetries < maxBusyRetries) {
      const base = BUSY_BACKOFF_BASE_MS * 2 ** busyRetries;
      const backoff = Math.round(base + Math.random() * base * 0.2);
      if (clock() + backoff >= deadline) throw apiError;
      busyRetries++;
      logger.warn("wechat busy, retrying", { endpoint, errcode, attempt: busyRetries, backoffMs: backoff });
      await sleep(backoff);
      continue;
    }
    logger.warn("wechat api error", { endpoint, errcode, errmsg });
    throw apiError;
  }
}

/** An error answer's fields besides errcode/errmsg (e.g. 45065's msg_id), or undefined. */
function otherFields(payload: unknown): Record<string, unknown> | undefined {
  if (!payload || typeof payload !== "object") return undefined;
  const rest = Object.fromEntries(Object.entries(payload).filter(([k]) => k !== "errcode" && k !== "errmsg"));
  return Object.keys(rest).length ? rest : undefined;
}

/** One HTTP exchange, bounded by `budget` even when the fetch ignores its AbortSignal. */
async function attempt(
  fetchImpl: FetchLike,
  url: string,
  init: RequestInit,
  budget: number,
  endpoint: string,
): Promise<unknown> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new AttemptTimeout());
    }, budget);
  });
  const exchange = (async (): Promise<unknown> => {
    const res = await fetchImpl(url, { ...init, signal: controller.signal });
    const text = await res.text();
    if (!res.ok) throw new WeChatHttpError(res.status, endpoint);
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new WeChatHttpError(res.status, endpoint, { cause });
    }
  })();
  // The losing side of the race must not surface as an unhandled rejection.
  exchange.catch(() => undefined);
  try {
    return await Promise.race([exchange, expired]);
  } catch (error) {
    if (controller.signal.aborted) throw new AttemptTimeout();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

export function buildUrl(baseUrl: string, path: string, query: ApiRequest["query"]): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const qs = params.toString();
  return `${baseUrl.replace(/\/+$/, "")}${path.startsWith("/") ? path : `/${path}`}${qs ? `?${qs}` : ""}`;
}

function readErrcode(payload: unknown): number {
  if (payload && typeof payload === "object" && "errcode" in payload) {
    const code = Number((payload as { errcode: unknown }).errcode);
    return Number.isFinite(code) ? code : 0;
  }
  return 0;
}

function readErrmsg(payload: unknown): string {
  const msg = (payload as { errmsg?: unknown }).errmsg;
  return typeof msg === "string" ? msg : "";
}

/** Secret values from the query and from a JSON body's top level (stable_token sends the secret in the body). */
export function collectSecrets(req: ApiRequest): string[] {
  const out: string[] = [];
  const scan = (record: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(record)) {
      if (SENSITIVE_KEY.test(key) && (typeof value === "string" || typeof value === "number")) {
        const s = String(value);
        if (s.length >= 4) out.push(s);
      }
    }
  };
  scan(req.query ?? {});
  if (req.body && typeof req.body === "object" && !Array.isArray(req.body)) scan(req.body as Record<string, unknown>);
  return out;
}

/** Replaces every occurrence of a secret value with "***". */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join("***");
  return out;
}

/** A network error may quote the URL (with its query): keep only a redacted message. */
export function sanitizeCause(error: unknown, secrets: readonly string[]): Error {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new Error(redact(message, secrets).replace(/\?[^\s'"]*/g, "?…"));
}
