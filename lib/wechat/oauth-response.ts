/**
 * WeChat's OAuth responses read into typed values. A JSON body of the wrong shape is
 * reported like a non-JSON one (WeChatHttpError), so callers have one failure to handle.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
import { WeChatHttpError } from "./errors";

/** The user access token (not the account's access_token): never store it in a cookie or send it to a browser. */
export interface UserAccessToken {
  accessToken: string;
  /** Seconds, usually 7200. */
  expiresIn: number;
  refreshToken: string;
  openid: string;
  /** As WeChat reports it, e.g. `snsapi_userinfo` (may list several, comma-separated). */
  scope: string;
  unionid?: string;
  /** A virtual "snapshot page" user (`is_snapshotuser: 1`): treat as anonymous, create no session. */
  isSnapshotUser: boolean;
}

export interface SnsUserInfo {
  openid: string;
  nickname: string;
  /** 0 unknown, 1 male, 2 female (WeChat now mostly returns 0). */
  sex: number;
  province: string;
  city: string;
  country: string;
  headimgurl: string;
  privilege: string[];
  unionid?: string;
}

export function parseSnsUserInfo(raw: unknown, endpoint: string): SnsUserInfo {
  const body = asRecord(raw, endpoint);
  const privilege = Array.isArray(body.privilege) ? body.privilege.filter((p): p is string => typeof p === "string") : [];
  return {
    openid: requireString(body, "openid", endpoint),
    nickname: optionalString(body.nickname) ?? "",
    sex: typeof body.sex === "number" && Number.isFinite(body.sex) ? body.sex : 0,
    province: optionalString(body.province) ?? "",
    city: optionalString(body.city) ?? "",
    country: optionalString(body.country) ?? "",
    headimgurl: optionalString(body.headimgurl) ?? "",
    privilege,
    ...withUnionid(body),
  };
}

export function parseUserAccessToken(raw: unknown, endpoint: string): UserAccessToken {
  const body = asRecord(raw, endpoint);
  const expiresIn = Number(body.expires_in);
  const snapshot = body.is_snapshotuser;
  return {
    accessToken: requireString(body, "access_token", endpoint),
    expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 7200,
    refreshToken: requireString(body, "refresh_token", endpoint),
    openid: requireString(body, "openid", endpoint),
    scope: optionalString(body.scope) ?? "",
    ...withUnionid(body),
    isSnapshotUser: snapshot === 1 || snapshot === "1" || snapshot === true,
  };
}

function withUnionid(body: Record<string, unknown>): { unionid?: string } {
  const unionid = optionalString(body.unionid);
  return unionid ? { unionid } : {};
}

function asRecord(raw: unknown, endpoint: string): Record<string, unknown> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw malformed(endpoint, "body is not an object");
  return raw as Record<string, unknown>;
}

function requireString(body: Record<string, unknown>, key: string, endpoint: string): string {
  const value = body[key];
  if (typeof value !== "string" || value.length === 0) throw malformed(endpoint, `missing ${key}`);
  return value;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

// A JSON body of the wrong shape is as useless as a non-JSON one: report it the same way.
function malformed(endpoint: string, detail: string): WeChatHttpError {
  return new WeChatHttpError(200, endpoint, { cause: new Error(`unexpected response shape: ${detail}`) });
}
