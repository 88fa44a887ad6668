import { createHash, timingSafeEqual } from "node:crypto";
import { defaultRandomBytes, randomAlphanumeric } from "./random-string";
import { resolveReturnTo } from "./return-to";
import type { RandomBytes } from "./types";

/**
 * Binding the OAuth `state` to the browser that started the flow (CSRF / login
 * fixation defence): the start route stores a {@link PendingAuthorization} in
 * the sealed session cookie, the callback compares it with `?state=`.
 */

export type OAuthScope = "snsapi_base" | "snsapi_userinfo";

/** 43 chars of a 62-letter alphabet ≈ 256 bits. WeChat allows up to 128 bytes of `[a-zA-Z0-9]`. */
export const STATE_LENGTH = 43;
/** What WeChat accepts as `state`, and hence what we accept back in the callback. */
export const STATE_PATTERN = /^[A-Za-z0-9]{1,128}$/;
/** A code is valid for 5 minutes; the user may take a while on the consent screen before that. */
export const DEFAULT_PENDING_MAX_AGE_MS = 10 * 60 * 1000;
// Tolerated clock difference between instances for a `createdAt` slightly in the future.
const FUTURE_SKEW_MS = 60 * 1000;

/**
 * An unguessable OAuth `state`: 43 chars of `[A-Za-z0-9]`.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
export function generateState(randomBytes: RandomBytes = defaultRandomBytes): string {
  return randomAlphanumeric(STATE_LENGTH, randomBytes);
}

export function isOAuthScope(value: unknown): value is OAuthScope {
  return value === "snsapi_base" || value === "snsapi_userinfo";
}

/** What the start route keeps in the session cookie until the callback. */
export interface PendingAuthorization {
  state: string;
  scope: OAuthScope;
  /** Already sanitised with {@link resolveReturnTo}. */
  returnTo: string;
  /** Epoch milliseconds. */
  createdAt: number;
}

export function createPendingAuthorization(input: {
  scope: OAuthScope;
  returnTo?: string | null;
  now?: number;
  random?: RandomBytes;
}): PendingAuthorization {
  if (!isOAuthScope(input.scope)) throw new TypeError("scope must be snsapi_base or snsapi_userinfo");
  return {
    state: generateState(input.random),
    scope: input.scope,
    returnTo: resolveReturnTo(input.returnTo),
    createdAt: input.now ?? Date.now(),
  };
}

export type PendingAuthorizationCheck =
  | { ok: true; pending: PendingAuthorization }
  | { ok: false; reason: "missing" | "mismatch" | "expired" };

/**
 * Checks the callback's `?state=` against what the session holds.
 *
 * - `missing`: no (well-formed) pending authorization in the session — the
 *   cookie expired, was cleared, or the callback was opened in another browser.
 * - `mismatch`: `state` absent or different (compared in constant time).
 * - `expired`: started more than `maxAgeMs` ago.
 *
 * Single use is the caller's job: clear the pending authorization from the
 * session (and save it) BEFORE exchanging the code, whatever the outcome, so
 * that a replayed callback finds it `missing`.
 */
export function verifyPendingAuthorization(
  pending: unknown,
  stateFromQuery: string | null | undefined,
  now: number = Date.now(),
  maxAgeMs: number = DEFAULT_PENDING_MAX_AGE_MS,
): PendingAuthorizationCheck {
  if (!isPendingAuthorization(pending)) return { ok: false, reason: "missing" };
  if (typeof stateFromQuery !== "string" || !STATE_PATTERN.test(stateFromQuery)) {
    return { ok: false, reason: "mismatch" };
  }
  if (!constantTimeEqual(pending.state, stateFromQuery)) return { ok: false, reason: "mismatch" };
  const age = now - pending.createdAt;
  if (age > maxAgeMs || age < -FUTURE_SKEW_MS) return { ok: false, reason: "expired" };
  return {
    ok: true,
    pending: {
      state: pending.state,
      scope: pending.scope,
      returnTo: resolveReturnTo(pending.returnTo), // cheap re-check: the cookie may predate a fix
      createdAt: pending.createdAt,
    },
  };
}

function isPendingAuthorization(value: unknown): value is PendingAuthorization {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.state === "string" &&
    STATE_PATTERN.test(v.state) &&
    isOAuthScope(v.scope) &&
    typeof v.returnTo === "string" &&
    typeof v.createdAt === "number" &&
    Number.isFinite(v.createdAt)
  );
}

// Hashing first gives equal-length inputs, so neither the content nor the length
// of the expected state leaks through timing (timingSafeEqual throws on unequal lengths).
function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash("sha256").update(a, "utf8").digest();
  const right = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(left, right);
}
