import { chooseSignUrl, configRequestPath, retrySignUrl, type SignUrlInput } from "./sign-url";

/**
 * `wx.config` with the quirks of jweixin 1.6 handled, free of React so that it
 * can be tested against the real weixin-js-sdk in a sandbox.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html
 */

/** The part of weixin-js-sdk used here (method syntax keeps the SDK's own typings assignable). */
export interface WxLike {
  config(conf: { debug?: boolean; appId: string; timestamp: number; nonceStr: string; signature: string; jsApiList?: string[] }): void;
  ready(fn: () => void): void;
  error(fn: (err: { errMsg: string }) => void): void;
  checkJsApi(params: { jsApiList: string[]; complete?: (...args: unknown[]) => void }): void;
}

/** What `GET /api/jssdk/config` answers. */
export interface JsSdkConfigResponse {
  appId: string;
  timestamp: number;
  nonceStr: string;
  signature: string;
}

export type ApplyOutcome = { ok: true } | { ok: false; errMsg: string };

export interface ApplyOptions {
  /** No answer from the bridge at all (it never became ready): give up. Default 10 s. */
  timeoutMs?: number;
  /** Re-configs: longest wait for a possible error when the bridge does not answer the probe. Default 1.5 s. */
  settleMs?: number;
  /** An error reported after the attempt was already judged successful. */
  onLateError?: (errMsg: string) => void;
}

export type WxConfigResult =
  | { status: "ready"; signedUrl: string; usedRetryUrl: boolean }
  | { status: "error"; signedUrl: string; error: string }
  | { status: "stale" };

export function isInvalidSignature(errMsg: string): boolean {
  return /invalid signature/i.test(errMsg);
}

export function parseJsSdkConfigResponse(body: unknown): JsSdkConfigResponse | null {
  if (typeof body !== "object" || body === null) return null;
  const b = body as Record<string, unknown>;
  const timestamp = typeof b.timestamp === "string" ? Number(b.timestamp) : b.timestamp;
  if (typeof b.appId !== "string" || typeof b.nonceStr !== "string" || typeof b.signature !== "string") return null;
  if (typeof timestamp !== "number" || !Number.isInteger(timestamp)) return null;
  return { appId: b.appId, timestamp, nonceStr: b.nonceStr, signature: b.signature };
}

/** Asks our server to sign `signUrl`. Throws a short English message on failure. */
export async function fetchJsSdkConfig(
  signUrl: string,
  fetchImpl: (input: string, init?: RequestInit) => Promise<Response> = (i, init) => fetch(i, init),
): Promise<JsSdkConfigResponse> {
  const res = await fetchImpl(configRequestPath(signUrl), { credentials: "same-origin", cache: "no-store" });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = body && typeof body === "object" && typeof (body as { error?: unknown }).error === "string" ? (body as { error: string }).error : "";
    throw new Error(`signing failed (HTTP ${res.status}${error ? `: ${error}` : ""})`);
  }
  const config = parseJsSdkConfigResponse(body);
  if (!config) throw new Error("signing endpoint answered an unexpected body");
  return config;
}

/**
 * One `wx.config` call, resolved with its outcome. jweixin quirks handled:
 * - `wx.error` must be registered before `config`; it replaces the previous handler.
 * - `wx.ready` callbacks run after verification only on the FIRST config; later
 *   they run synchronously. A re-config is therefore judged by a bridge round
 *   trip (`checkJsApi`, queued behind the verification) or, failing that, `settleMs`.
 * - `wx.ready` also runs after a failed verification, but `wx.error` comes first.
 */
export function applyWxConfig(wx: WxLike, config: JsSdkConfigResponse, jsApiList: string[], options: ApplyOptions = {}): Promise<ApplyOutcome> {
  const { timeoutMs = 10_000, settleMs = 1_500, onLateError } = options;
  return new Promise<ApplyOutcome>((resolve) => {
    let done = false;
    const timers: ReturnType<typeof setTimeout>[] = [];
    const finish = (outcome: ApplyOutcome): void => {
      if (done) return;
      done = true;
      timers.forEach(clearTimeout);
      resolve(outcome);
    };
    wx.error((err) => {
      const errMsg = typeof err?.errMsg === "string" ? err.errMsg : "config:fail";
      if (done) onLateError?.(errMsg);
      else finish({ ok: false, errMsg });
    });
    wx.config({ debug: false, appId: config.appId, timestamp: config.timestamp, nonceStr: config.nonceStr, signature: config.signature, jsApiList });
    let synchronous = true;
    let alreadyConfigured = false;
    wx.ready(() => {
      if (synchronous) alreadyConfigured = true;
      else setTimeout(() => finish({ ok: true }), 0); // let a same-tick error win
    });
    synchronous = false;
    if (alreadyConfigured) {
      timers.push(setTimeout(() => finish({ ok: true }), settleMs));
      wx.checkJsApi({ jsApiList: ["checkJsApi"], complete: () => setTimeout(() => finish({ ok: true }), 0) });
    }
    timers.push(setTimeout(() => finish({ ok: false, errMsg: "config:timeout" }), timeoutMs));
  });
}

export interface ConfigureWxInput extends SignUrlInput {
  wx: WxLike;
  jsApiList: string[];
  fetchConfig: (signUrl: string) => Promise<JsSdkConfigResponse>;
  /** From the race guard: false once a newer route change took over. */
  isCurrent: () => boolean;
  applyOptions?: ApplyOptions;
}

/**
 * Signs the platform's URL and configures; on `config:invalid signature`
 * retries ONCE with the current URL freshly signed.
 */
export async function configureWx(input: ConfigureWxInput): Promise<WxConfigResult> {
  const first = chooseSignUrl(input);
  const firstOutcome = await attempt(input, first);
  if (firstOutcome === "stale") return { status: "stale" };
  if (firstOutcome.ok) return { status: "ready", signedUrl: first, usedRetryUrl: false };
  if (!isInvalidSignature(firstOutcome.errMsg)) return { status: "error", signedUrl: first, error: firstOutcome.errMsg };

  const second = retrySignUrl(input);
  const secondOutcome = await attempt(input, second);
  if (secondOutcome === "stale") return { status: "stale" };
  if (secondOutcome.ok) return { status: "ready", signedUrl: second, usedRetryUrl: second !== first };
  return { status: "error", signedUrl: second, error: secondOutcome.errMsg };
}

async function attempt(input: ConfigureWxInput, signUrl: string): Promise<ApplyOutcome | "stale"> {
  let config: JsSdkConfigResponse;
  try {
    config = await input.fetchConfig(signUrl);
  } catch (err) {
    return input.isCurrent() ? { ok: false, errMsg: err instanceof Error ? err.message : String(err) } : "stale";
  }
  if (!input.isCurrent()) return "stale";
  const outcome = await applyWxConfig(input.wx, config, input.jsApiList, input.applyOptions);
  return input.isCurrent() ? outcome : "stale";
}
