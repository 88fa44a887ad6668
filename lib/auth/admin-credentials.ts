/**
 * Admin credentials, framework-free: constant-time comparison that hides the token's length,
 * and the keyed fingerprint that binds an admin session to the ADMIN_TOKEN it was opened with.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** An admin session lasts 12 hours from login; no other cookie write extends it. */
export const ADMIN_SESSION_TTL_MS = 12 * 3600 * 1000;

/**
 * Compares a presented secret with the expected one through SHA-256 digests, so both sides
 * always have 32 bytes: the time taken reveals neither a matching prefix nor the length.
 */
export function digestEqual(presented: string, expected: string): boolean {
  const left = createHash("sha256").update(presented, "utf8").digest();
  const right = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(left, right);
}

/**
 * HMAC of ADMIN_TOKEN under a key derived from SESSION_PASSWORD. Stored in the sealed cookie
 * instead of a plain flag: when the token changes, the fingerprint no longer matches and every
 * earlier admin session ends. Keyed, so that a leaked cookie (already sealed) plus a guess of
 * the token cannot be checked offline without the session password as well.
 */
export function adminFingerprint(adminToken: string, sessionPassword: string): string {
  const key = createHmac("sha256", sessionPassword).update("wxmp admin fingerprint v1").digest();
  return createHmac("sha256", key).update(adminToken, "utf8").digest("base64url");
}

/** What the session stores about an admin login. */
export interface AdminGrant {
  /** adminFingerprint() of the token presented at login. */
  fp: string;
  /** Absolute end of the admin session, epoch ms. */
  exp: number;
}

export function grantAdmin(adminToken: string, sessionPassword: string, now: number): AdminGrant {
  return { fp: adminFingerprint(adminToken, sessionPassword), exp: now + ADMIN_SESSION_TTL_MS };
}

/** True only for a grant of the current token that has not expired. */
export function isAdminGrantValid(grant: unknown, adminToken: string, sessionPassword: string, now: number): boolean {
  if (typeof grant !== "object" || grant === null) return false;
  const { fp, exp } = grant as Partial<AdminGrant>;
  if (typeof fp !== "string" || typeof exp !== "number" || !(exp > now)) return false;
  return digestEqual(fp, adminFingerprint(adminToken, sessionPassword));
}
