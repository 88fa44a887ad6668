import "server-only";
import { cookies } from "next/headers";
import { getIronSession, type IronSession, type SessionOptions } from "iron-session";
import type { PendingAuthorization } from "./wechat/oauth";
import { getEnv } from "./env";

/**
 * Everything the app keeps about a browser lives in this sealed, httpOnly cookie.
 * The openid is here — never in a URL. No WeChat token is ever put in it.
 */
export interface SessionData {
  /** Signed-in user (web authorization). */
  openid?: string;
  scope?: "snsapi_base" | "snsapi_userinfo";
  signedInAt?: number;
  /** An authorization in progress: the state bound to this browser, single use. */
  pendingAuth?: PendingAuthorization;
  /** The admin token was presented once; the dashboard does not ask again. */
  isAdmin?: boolean;
}

export const SESSION_COOKIE_NAME = "wxmp_session";
const SESSION_TTL_SECONDS = 7 * 24 * 3600;

/** Cookie options, defined once (house style). */
export function getSessionOptions(): SessionOptions {
  const env = getEnv();
  return {
    password: env.sessionPassword,
    cookieName: SESSION_COOKIE_NAME,
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

export async function getSession(): Promise<IronSession<SessionData>> {
  return getIronSession<SessionData>(await cookies(), getSessionOptions());
}
