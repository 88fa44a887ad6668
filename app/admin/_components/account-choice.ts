/**
 * The console's current account (the switcher), kept in a cookie every same-origin admin request
 * carries (lib/accounts/console-account.ts reads it). Only an AppID: not a secret, so not httpOnly.
 */
export const ACCOUNT_COOKIE = "wxmp_account";

/** The AppID chosen in this browser, or null for the default (env) account. */
export function readAccountChoice(): string | null {
  if (typeof document === "undefined") return null;
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === ACCOUNT_COOKIE) return decodeURIComponent(rest.join("=")) || null;
  }
  return null;
}

/** Chooses an account (null: the default); a year, lax, the whole site. */
export function writeAccountChoice(appId: string | null): void {
  const secure = location.protocol === "https:" ? "; secure" : "";
  document.cookie = appId
    ? `${ACCOUNT_COOKIE}=${encodeURIComponent(appId)}; path=/; max-age=31536000; samesite=lax${secure}`
    : `${ACCOUNT_COOKIE}=; path=/; max-age=0; samesite=lax${secure}`;
}
