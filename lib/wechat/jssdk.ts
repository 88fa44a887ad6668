import { createHash } from "node:crypto";
import { randomAlphanumeric } from "./random-string";
import type { Clock } from "./types";

/**
 * JS-SDK `wx.config` signing. The ticket itself comes from the token module
 * (injected as `getTicket`) and never leaves the server.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html
 */

const MAX_URL_LENGTH = 4096;
const NONCE_LENGTH = 16;

/**
 * `sha1("jsapi_ticket=T&noncestr=N&timestamp=TS&url=URL")`: keys in this fixed
 * order, raw (unencoded) values. `url` is used exactly as given; strip the
 * fragment first (see {@link normalizeSignUrl}).
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html
 */
export function signJsSdk(input: {
  jsapiTicket: string;
  nonceStr: string;
  timestamp: number | string;
  url: string;
}): string {
  const plain = `jsapi_ticket=${input.jsapiTicket}&noncestr=${input.nonceStr}&timestamp=${input.timestamp}&url=${input.url}`;
  return createHash("sha1").update(plain, "utf8").digest("hex");
}

export type NormalizedSignUrl = { ok: true; url: string } | { ok: false; reason: "invalid_url" };

/**
 * Validates a page URL to sign and drops its `#…`. Otherwise the string is
 * returned unchanged — no re-serialisation through `URL.href`, which would add
 * a trailing slash to `http://host?x` or re-encode characters: the client signs
 * what `location.href.split('#')[0]` gives, byte for byte.
 */
export function normalizeSignUrl(url: unknown): NormalizedSignUrl {
  if (typeof url !== "string" || url.length === 0 || url.length > MAX_URL_LENGTH) return invalid();
  // location.href never contains raw whitespace or control characters.
  if (/[\u0000-\u0020\u007F]/.test(url)) return invalid();
  if (!/^https?:\/\//i.test(url)) return invalid();
  const withoutFragment = url.split("#", 1)[0] ?? "";
  let parsed: URL;
  try {
    parsed = new URL(withoutFragment);
  } catch {
    return invalid();
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return invalid();
  if (parsed.hostname === "" || parsed.username !== "" || parsed.password !== "") return invalid();
  return { ok: true, url: withoutFragment };
}

/**
 * Exact origin match (scheme, host, port; host case-insensitive, default ports
 * implied). Malformed URLs or allowed-origin entries never match.
 */
export function isOriginAllowed(url: string, allowedOrigins: readonly string[]): boolean {
  const origin = originOf(url);
  if (origin === null) return false;
  return allowedOrigins.some((allowed) => originOf(allowed.trim()) === origin);
}

/** What the browser passes to `wx.config` (plus the URL that was signed). Never the ticket. */
export interface JsSdkConfig {
  appId: string;
  /** Seconds since the epoch. */
  timestamp: number;
  nonceStr: string;
  signature: string;
  url: string;
}

export type JsSdkConfigResult =
  | { ok: true; config: JsSdkConfig }
  | { ok: false; reason: "invalid_url" | "origin_not_allowed" };

/**
 * Signs `url` for `wx.config` if it belongs to one of `allowedOrigins` (so our
 * ticket cannot be used for someone else's page). Each call uses a fresh nonce
 * and timestamp. Errors of `getTicket` (WeChat failures) propagate.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html
 */
export async function buildJsSdkConfig(input: {
  appId: string;
  url: unknown;
  allowedOrigins: readonly string[];
  getTicket: () => Promise<string>;
  clock?: Clock;
  randomNonce?: () => string;
}): Promise<JsSdkConfigResult> {
  const normalized = normalizeSignUrl(input.url);
  if (!normalized.ok) return normalized;
  if (!isOriginAllowed(normalized.url, input.allowedOrigins)) return { ok: false, reason: "origin_not_allowed" };

  const jsapiTicket = await input.getTicket();
  const timestamp = Math.floor((input.clock ?? Date.now)() / 1000);
  const nonceStr = (input.randomNonce ?? generateNonceStr)();
  const signature = signJsSdk({ jsapiTicket, nonceStr, timestamp, url: normalized.url });
  return { ok: true, config: { appId: input.appId, timestamp, nonceStr, signature, url: normalized.url } };
}

/** 16 random chars of `[A-Za-z0-9]`. */
export function generateNonceStr(): string {
  return randomAlphanumeric(NONCE_LENGTH);
}

function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.origin; // lower-cased host, default port dropped
  } catch {
    return null;
  }
}

function invalid(): { ok: false; reason: "invalid_url" } {
  return { ok: false, reason: "invalid_url" };
}
