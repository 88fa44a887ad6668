/**
 * The operations screen's list of recent WeChat errors: the credential refresh
 * failures the token store keeps, and the WeChat errors API routes met (kept in
 * a small ring per process). Each entry carries its rid, for rid/get, and — for
 * 40164 — the outgoing IP WeChat saw, to add to the account's IP whitelist.
 * Pure: no framework, no database.
 */
import { ridOf, type RidRequestInfo } from "@wxmp/wechat/api/operations";

export interface OpsError {
  /** Epoch ms. */
  at: number;
  /** Where it happened: "access_token", "jsapi_ticket", or the route's context ("admin ops"). */
  source: string;
  errcode: number | null;
  /** WeChat's errmsg (or the recorded failure text); carries no secret. */
  message: string;
  rid: string | null;
  /** For 40164 (caller IP not whitelisted): the address WeChat saw. */
  outgoingIp: string | null;
}

/** "invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist" → "203.0.113.7". */
export function outgoingIpOf(text: string): string | null {
  return /invalid ip\s+([0-9a-f.:]+?)(?:[\s,]|$)/i.exec(text)?.[1] ?? null;
}

/** A recorded failure text ("WeChat API error 40164: … rid: …") as an entry. */
export function opsErrorFromText(source: string, text: string, at: number): OpsError {
  const errcode = /WeChat API error (-?\d+)/.exec(text)?.[1];
  return {
    at,
    source,
    errcode: errcode === undefined ? null : Number(errcode),
    message: text,
    rid: ridOf(text) ?? null,
    outgoingIp: errcode === "40164" ? outgoingIpOf(text) : null,
  };
}

/** The most recent `limit` entries, kept in memory (newest last). */
export function createRecentErrors<E extends OpsError = OpsError>(limit = 20): { record(entry: E): void; list(): E[] } {
  const entries: E[] = [];
  return {
    record(entry) {
      entries.push(entry);
      if (entries.length > limit) entries.splice(0, entries.length - limit);
    },
    list: () => [...entries],
  };
}

/** Newest first, at most `limit`, the same rid listed once. */
export function mergeOpsErrors(lists: OpsError[][], limit = 20): OpsError[] {
  const seen = new Set<string>();
  const merged: OpsError[] = [];
  for (const entry of lists.flat().sort((a, b) => b.at - a.at)) {
    if (entry.rid !== null) {
      if (seen.has(entry.rid)) continue;
      seen.add(entry.rid);
    }
    merged.push(entry);
  }
  return merged.slice(0, limit);
}

// Keys whose values are secrets (access_token, refresh_token, secret, jsapi_ticket, session_key,
// encoding_aes_key, …), wherever they stand: in a JSON body, after "?" or "&", or at the very start —
// rid/get answers `request_url` as a bare query, "access_token=…&…" (getRidInfo).
const SECRET_KEY = "[A-Za-z_]*(?:secret|token|ticket|password|key)";
const JSON_SECRET = new RegExp(`("${SECRET_KEY}"\\s*:\\s*)"[^"]*"`, "gi");
const QUERY_SECRET = new RegExp(`(^|[^A-Za-z0-9_])(${SECRET_KEY}=)[^&#\\s"]*`, "gi");

/** Query keys whose values rid/get may show: they say which call it was and hold no secret. */
const SHOWN_QUERY_KEYS = new Set(["grant_type", "appid", "type", "lang", "cgi_path"]);

/** Masks secret values. */
export function redactSecrets(text: string): string {
  return text.replace(JSON_SECRET, '$1"***"').replace(QUERY_SECRET, "$1$2***");
}

/**
 * A request URL with every query value masked but those of {@link SHOWN_QUERY_KEYS}: a path
 * with a query ("/cgi-bin/token?…"), or the bare query rid/get gives ("access_token=…&cgi_path=…").
 */
export function redactRequestUrl(url: string): string {
  const q = url.indexOf("?");
  const bareQuery = q === -1 && !url.startsWith("/") && url.includes("=");
  if (q === -1 && !bareQuery) return redactSecrets(url);
  const [path, query] = bareQuery ? ["", url] : [url.slice(0, q + 1), url.slice(q + 1)];
  const masked = query.split("&").map((pair) => {
    const eq = pair.indexOf("=");
    if (eq === -1) return pair;
    return SHOWN_QUERY_KEYS.has(pair.slice(0, eq).toLowerCase()) ? pair : `${pair.slice(0, eq)}=***`;
  });
  return path + masked.join("&");
}

/**
 * rid/get echoes the failed request's URL (with the live access_token in it) and its body,
 * which for stable_token holds the app secret: both are masked before the answer leaves the server.
 */
export function redactRidInfo(info: RidRequestInfo): RidRequestInfo {
  return {
    ...info,
    request_url: redactRequestUrl(info.request_url ?? ""),
    request_body: redactSecrets(info.request_body ?? ""),
    response_body: redactSecrets(info.response_body ?? ""),
  };
}
