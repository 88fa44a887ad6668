/**
 * The platform's calls about the accounts authorized to it: one account's details and
 * authorization, the list of all (with their refresh tokens — how a lost one is recovered),
 * and asking WeChat to start pushing component_verify_ticket.
 *
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/Account_Authorization/api_get_authorizer_info.html
 */
import { requestWeChat, type HttpOptions } from "../http";
import type { ComponentCaller } from "./component-token";
import { asObject, funcInfoIds, optionalString, requireString, type Json } from "./parse";

const INFO_PATH = "/cgi-bin/component/api_get_authorizer_info";
const LIST_PATH = "/cgi-bin/component/api_get_authorizer_list";
const START_PUSH_PATH = "/cgi-bin/component/api_start_push_ticket";
/** api_get_authorizer_list returns at most 500 a page. */
export const MAX_AUTHORIZER_PAGE = 500;

export interface AuthorizerInfo {
  authorizerAppId: string;
  nickName: string;
  /** The original id (gh_…): the ToUserName of the account's pushes. */
  userName: string;
  headImg?: string;
  alias?: string;
  principalName?: string;
  qrcodeUrl?: string;
  /** 0/1 subscription account, 2 service account (公众号); see the doc for mini programs. */
  serviceType?: number;
  /** -1 not verified, 0 WeChat verified, … */
  verifyType?: number;
  /** Present when the account has API permission. A secret. */
  refreshToken?: string;
  funcInfo: number[];
  /** The whole `authorizer_info`, for fields not typed here (mini-program settings, …). */
  raw: Json;
}

const idOf = (value: unknown): number | undefined => {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === "number" ? id : undefined;
};

/**
 * api_get_authorizer_info: the account's nickname, original id, type, verification and its
 * current authorization (refresh token included).
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/Account_Authorization/api_get_authorizer_info.html
 */
export async function getAuthorizerInfo(platform: ComponentCaller, authorizerAppId: string): Promise<AuthorizerInfo> {
  const res = asObject(
    await platform.call<unknown>({ method: "POST", path: INFO_PATH, body: { component_appid: platform.componentAppId, authorizer_appid: authorizerAppId }, idempotent: true }),
    INFO_PATH,
  );
  const info = asObject(res.authorizer_info, INFO_PATH, "authorizer_info");
  const authorization = asObject(res.authorization_info ?? {}, INFO_PATH, "authorization_info");
  const optional = {
    headImg: optionalString(info.head_img),
    alias: optionalString(info.alias),
    principalName: optionalString(info.principal_name),
    qrcodeUrl: optionalString(info.qrcode_url ?? res.qrcode_url),
    serviceType: idOf(info.service_type_info),
    verifyType: idOf(info.verify_type_info),
    refreshToken: optionalString(authorization.authorizer_refresh_token),
  };
  return {
    authorizerAppId: optionalString(authorization.authorizer_appid) ?? authorizerAppId,
    nickName: typeof info.nick_name === "string" ? info.nick_name : "",
    userName: requireString(info, "user_name", INFO_PATH),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    funcInfo: funcInfoIds(authorization.func_info),
    raw: info,
  };
}

export interface AuthorizerListEntry {
  authorizerAppId: string;
  /** A secret. WeChat leaves it out for some accounts. */
  refreshToken?: string;
  /** When the account authorized, seconds since the epoch. */
  authTime: number;
}

export interface AuthorizerPage {
  totalCount: number;
  list: AuthorizerListEntry[];
}

/**
 * api_get_authorizer_list, one page (`count` at most 500).
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/Account_Authorization/api_get_authorizer_list.html
 */
export async function getAuthorizerList(platform: ComponentCaller, page: { offset: number; count: number }): Promise<AuthorizerPage> {
  const count = Math.max(1, Math.min(MAX_AUTHORIZER_PAGE, Math.floor(page.count)));
  const offset = Math.max(0, Math.floor(page.offset));
  const res = asObject(
    await platform.call<unknown>({ method: "POST", path: LIST_PATH, body: { component_appid: platform.componentAppId, offset, count }, idempotent: true }),
    LIST_PATH,
  );
  const list: AuthorizerListEntry[] = [];
  for (const item of Array.isArray(res.list) ? res.list : []) {
    const entry = asObject(item, LIST_PATH, "list entry");
    const refreshToken = optionalString(entry.refresh_token);
    list.push({
      authorizerAppId: requireString(entry, "authorizer_appid", LIST_PATH),
      ...(refreshToken ? { refreshToken } : {}),
      authTime: Number.isFinite(Number(entry.auth_time)) ? Number(entry.auth_time) : 0,
    });
  }
  const total = Number(res.total_count);
  return { totalCount: Number.isFinite(total) ? total : list.length, list };
}

/**
 * api_start_push_ticket: asks WeChat to (re)start pushing component_verify_ticket — a fresh
 * deployment need not wait for the next 10-minute push. Takes the appsecret, no token.
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/component_verify_ticket_service.html
 */
export async function startPushTicket(http: HttpOptions, input: { componentAppId: string; componentAppSecret: string }): Promise<void> {
  await requestWeChat<unknown>(http, {
    method: "POST",
    path: START_PUSH_PATH,
    body: { component_appid: input.componentAppId, component_secret: input.componentAppSecret },
    idempotent: true,
  });
}
