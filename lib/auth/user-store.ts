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
  /**
   * The reads name the account too: a row is only ever that account's (several accounts in one
   * deployment). WeChat gives each person a different openid per AppID, so one openid never has
   * rows in two accounts; the check makes sure account B's pages cannot show a row A wrote.
   */
  profile(openid: string, appId: string): Promise<StoredProfile | null>;
  tokens(openid: string, appId: string): Promise<StoredUserTokens | null>;
  /** Clears the OAuth tokens: the person must sign in again. */
  forgetTokens(openid: string, appId: string): Promise<void>;
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
    async profile(openid, appId) {
      const row = await db.wechatUser.findFirst({
        where: { openid, appId },
        select: { nickname: true, headimgurl: true, sex: true, province: true, city: true, country: true, unionid: true },
      });
      if (!row) return null;
      return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null && value !== undefined)) as StoredProfile;
    },
    tokens: (openid, appId) =>
      db.wechatUser.findFirst({
        where: { openid, appId },
        select: { scope: true, accessToken: true, accessTokenExpiresAt: true, refreshToken: true, refreshTokenExpiresAt: true },
      }),
    async forgetTokens(openid, appId) {
      await db.wechatUser.updateMany({
        where: { openid, appId },
        data: { accessToken: null, accessTokenExpiresAt: null, refreshToken: null, refreshTokenExpiresAt: null },
      });
    },
  };
}
