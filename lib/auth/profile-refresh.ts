import { classifyOAuthError, getSnsUserInfo, refreshUserAccessToken, type UserAccessToken } from "@wxmp/wechat/oauth";
import { REFRESH_TOKEN_TTL_MS, type OAuthConfig } from "./sign-in";
import type { UserStore } from "./user-store";

export type ProfileRefresh = { ok: true } | { ok: false; reason: "not_found" | "base_scope" | "reauth_required" };

// Renew a little before WeChat's 7200 s, so a token never expires between check and use.
const ACCESS_TOKEN_MARGIN_MS = 60_000;

/**
 * Fetches a signed-in user's profile again with their stored OAuth tokens: the access token
 * while it is valid, else a new one from the refresh_token (30 days). An expired or revoked
 * refresh_token (40030/42002) clears the stored tokens: the person must sign in again.
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
export async function refreshUserProfile(
  deps: { oauth: Pick<OAuthConfig, "http" | "appId" | "component">; users: UserStore },
  openid: string,
  now: number,
): Promise<ProfileRefresh> {
  const { http, appId, component } = deps.oauth;
  const { users } = deps;
  const user = await users.tokens(openid, appId);
  if (!user) return { ok: false, reason: "not_found" };
  if (user.scope !== "snsapi_userinfo") return { ok: false, reason: "base_scope" };

  let token: UserAccessToken;
  if (user.accessToken && user.accessTokenExpiresAt && user.accessTokenExpiresAt.getTime() - ACCESS_TOKEN_MARGIN_MS > now) {
    token = {
      accessToken: user.accessToken,
      expiresIn: Math.floor((user.accessTokenExpiresAt.getTime() - now) / 1000),
      refreshToken: user.refreshToken ?? "",
      openid,
      scope: user.scope,
      isSnapshotUser: false,
    };
  } else if (user.refreshToken && user.refreshTokenExpiresAt && user.refreshTokenExpiresAt.getTime() > now) {
    try {
      token = await refreshUserAccessToken(http, { appId, refreshToken: user.refreshToken, component });
    } catch (error) {
      if (classifyOAuthError(error) !== "refresh_expired") throw error;
      await users.forgetTokens(openid, appId);
      return { ok: false, reason: "reauth_required" };
    }
  } else {
    await users.forgetTokens(openid, appId);
    return { ok: false, reason: "reauth_required" };
  }

  const info = await getSnsUserInfo(http, { accessToken: token.accessToken, openid });
  const refreshToken = token.refreshToken || (user.refreshToken ?? "");
  await users.save(appId, { ...token, refreshToken }, info, now, user.refreshTokenExpiresAt ?? new Date(now + REFRESH_TOKEN_TTL_MS));
  return { ok: true };
}
