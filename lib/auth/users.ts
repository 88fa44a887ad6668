import "server-only";
import { getDb } from "./wiring/db";
import { getSession } from "./auth/session";
import type { SnsUserInfo, UserAccessToken } from "./wechat/oauth";

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

const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000; // WeChat: refresh_token lasts 30 days

/** Stores (or updates) a user after web authorization, with their OAuth tokens. */
export async function saveAuthorizedUser(
  appId: string,
  token: UserAccessToken,
  info: SnsUserInfo | null,
  now: number,
  /** A renewed access token keeps its refresh_token's original 30-day life. */
  refreshTokenExpiresAt: Date = new Date(now + REFRESH_TOKEN_TTL_MS),
): Promise<void> {
  const db = await getDb();
  const profile = info
    ? {
        nickname: info.nickname,
        headimgurl: info.headimgurl,
        sex: info.sex,
        province: info.province,
        city: info.city,
        country: info.country,
      }
    : {};
  const data = {
    appId,
    scope: token.scope.includes("snsapi_userinfo") ? "snsapi_userinfo" : "snsapi_base",
    unionid: info?.unionid ?? token.unionid ?? undefined,
    accessToken: token.accessToken,
    accessTokenExpiresAt: new Date(now + token.expiresIn * 1000),
    refreshToken: token.refreshToken,
    refreshTokenExpiresAt,
    ...profile,
  };
  await db.wechatUser.upsert({ where: { openid: token.openid }, create: { openid: token.openid, ...data }, update: data });
}

/** The signed-in user, from the session cookie and the database; null when signed out. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = await getSession();
  if (!session.openid || !session.scope) return null;
  const base: CurrentUser = { openid: session.openid, scope: session.scope };
  if (session.scope === "snsapi_base") return base;
  const db = await getDb();
  const row = await db.wechatUser.findUnique({
    where: { openid: session.openid },
    select: { nickname: true, headimgurl: true, sex: true, province: true, city: true, country: true, unionid: true },
  });
  if (!row) return base;
  const profile = Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null && value !== undefined));
  return { ...base, ...profile };
}
