import type { SessionData } from "./session";
import type { UserStore } from "./user-store";

/** What pages and /api/me may show about the signed-in person. Never any token. */
export interface CurrentUser {
  openid: string;
  scope: "snsapi_base" | "snsapi_userinfo";
  nickname?: string;
  headimgurl?: string;
  sex?: number;
  province?: string;
  city?: string;
  country?: string;
  unionid?: string;
}

/**
 * Whether a session's sign-in may be used by a page of account `appId` (several accounts): the
 * session's account must be that one (a session without one is the env's account's, `defaultAppId`)
 * and still active (`isActive`: a retired account's sessions stop working at once).
 */
export async function sessionServesAccount(
  session: SessionData,
  appId: string,
  accounts: { defaultAppId: string; isActive(appId: string): Promise<boolean> },
): Promise<boolean> {
  const owner = session.appId ?? accounts.defaultAppId;
  if (owner !== appId) return false;
  return owner === accounts.defaultAppId || accounts.isActive(owner);
}

/**
 * The signed-in user of account `appId` (the one the session was checked to serve), from the
 * session cookie and that account's stored profile; null when signed out.
 */
export async function currentUser(session: SessionData, appId: string, users: Pick<UserStore, "profile">): Promise<CurrentUser | null> {
  if (!session.openid || !session.scope) return null;
  const base: CurrentUser = { openid: session.openid, scope: session.scope };
  if (session.scope === "snsapi_base") return base;
  const profile = await users.profile(session.openid, appId);
  return profile ? { ...base, ...profile } : base;
}
