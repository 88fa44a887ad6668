import type { SessionOptions } from "iron-session";
import type { AdminGrant } from "./admin-credentials";
import type { PendingAuthorization } from "@wxmp/wechat/oauth";

/**
 * Everything the app keeps about a browser lives in this sealed, httpOnly cookie.
 * The openid is here — never in a URL. No WeChat token is ever put in it.
 */
export interface SessionData {
  /** Signed-in user (web authorization). */
  openid?: string;
  scope?: "snsapi_base" | "snsapi_userinfo";
  signedInAt?: number;
  /**
   * The account (AppID) the openid belongs to — openids are per account. Absent: the env's
   * account (sessions sealed before several accounts). Pages of one account never take another's.
   */
  appId?: string;
  /** An authorization in progress: the state bound to this browser, single use. */
  pendingAuth?: PendingAuthorization;
  /** The account that authorization was started for: the callback must be for the same one. */
  pendingAppId?: string;
  /**
   * The admin token was presented: a keyed fingerprint of THAT token and an absolute expiry.
   * Re-sealing the cookie for other reasons copies it unchanged, so it is never extended;
   * a new ADMIN_TOKEN no longer matches the fingerprint (lib/auth/admin-access.ts).
   */
  admin?: AdminGrant;
}

export const SESSION_COOKIE_NAME = "wxmp_session";

/**
 * Over https the cookie is `__Host-wxmp_session`: browsers then accept it only when Secure,
 * for path "/" and without a Domain, so a sibling subdomain cannot plant or shadow it.
 */
export function sessionCookieName(appUrl: string): string {
  return appUrl.startsWith("https://") ? `__Host-${SESSION_COOKIE_NAME}` : SESSION_COOKIE_NAME;
}
const SESSION_TTL_SECONDS = 7 * 24 * 3600;

/** Cookie options, defined once (house style); lib/wiring/session.ts gives them the env's values. */
export function sessionOptions(env: { appUrl: string; sessionPassword: string }): SessionOptions {
  return {
    password: env.sessionPassword,
    cookieName: sessionCookieName(env.appUrl),
    ttl: SESSION_TTL_SECONDS,
    cookieOptions: {
      httpOnly: true,
      // Secure whenever the public origin is https; http://localhost demo keeps working.
      secure: env.appUrl.startsWith("https://"),
      // lax: the cookie survives the top-level redirect back from WeChat's consent page,
      // and cross-site POSTs never carry it.
      sameSite: "lax",
      path: "/",
    },
  };
}
