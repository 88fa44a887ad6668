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

/** The signed-in user, from the session cookie and the stored profile; null when signed out. */
export async function currentUser(session: SessionData, users: Pick<UserStore, "profile">): Promise<CurrentUser | null> {
  if (!session.openid || !session.scope) return null;
  const base: CurrentUser = { openid: session.openid, scope: session.scope };
  if (session.scope === "snsapi_base") return base;
  const profile = await users.profile(session.openid);
  return profile ? { ...base, ...profile } : base;
}
