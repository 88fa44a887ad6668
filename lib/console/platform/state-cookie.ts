/**
 * The one-time `state` of a started authorization, kept in the administrator's browser: an
 * HttpOnly cookie scoped to the callback's path, gone after 10 minutes. A callback whose URL
 * state does not match it (a link someone else started, a forged redirect) is refused.
 */
import { AUTHORIZATION_STATE_TTL_SECONDS, PLATFORM_CALLBACK_PATH } from "./service";

export const STATE_COOKIE = "wxmp_platform_state";

export function stateCookie(state: string, secure: boolean): string {
  return `${STATE_COOKIE}=${state}; Path=${PLATFORM_CALLBACK_PATH}; Max-Age=${AUTHORIZATION_STATE_TTL_SECONDS}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export function clearStateCookie(secure: boolean): string {
  return `${STATE_COOKIE}=; Path=${PLATFORM_CALLBACK_PATH}; Max-Age=0; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** The state cookie's value from a Cookie header, or null. */
export function readStateCookie(cookieHeader: string | null): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === STATE_COOKIE) return rest.join("=") || null;
  }
  return null;
}
