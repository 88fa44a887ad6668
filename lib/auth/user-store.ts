import "server-only";
import type { Db } from "../db/client";
import type { SnsUserInfo, UserAccessToken } from "@wxmp/wechat/oauth";

/** A signed-in person's profile as stored (the fields pages may show). */
export type StoredProfile = Partial<Record<"nickname" | "headimgurl" | "province" | "city" | "country" | "unionid", string>> & { sex?: number };

/** What the profile refresh needs of a stored user: the scope and the OAuth tokens. */
export interface StoredUserTokens {
  scope: string;
  accessToken: string | null;
  accessTokenExpiresAt: Date | null;
  refreshToken: string | null;
  refreshTokenExpiresAt: Date | null;
}

/** The people who signed in through web authorization, with their OAuth tokens (never shown). */
export interface UserStore {
  /** Stores (or updates) a user after authorization; a renewed token keeps its refresh_token's expiry. */
  save(appId: string, token: UserAccessToken, info: SnsUserInfo | null, now: number, refreshTokenExpiresAt: Date): Promise<void>;
  profile(openid: string): Promise<StoredProfile | null>;
  tokens(openid: string): Promise<StoredUserTokens | null>;
  /** Clears the OAuth tokens: the person must sign in again. */
  forgetTokens(openid: string): Promise<void>;
}

export function createPrismaUserStore(db: Db): UserStore {
  return {
    async save(appId, token, info, now, refreshTokenExpiresAt) {
      const profile = info
        ? { nickname: info.nickname, headimgurl: info.headimgurl, sex: info.sex, province: info.province, city: info.city, country: info.country }
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
    },
    async profile(openid) {
      const row = await db.wechatUser.findUnique({
        where: { openid },
        select: { nickname: true, headimgurl: true, sex: true, province: true, city: true, country: true, unionid: true },
      });
      if (!row) return null;
      return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null && value !== undefined)) as StoredProfile;
    },
    tokens: (openid) =>
      db.wechatUser.findUnique({
        where: { openid },
        select: { scope: true, accessToken: true, accessTokenExpiresAt: true, refreshToken: true, refreshTokenExpiresAt: true },
      }),
    async forgetTokens(openid) {
      await db.wechatUser.update({
        where: { openid },
        data: { accessToken: null, accessTokenExpiresAt: null, refreshToken: null, refreshTokenExpiresAt: null },
      });
    },
  };
}
