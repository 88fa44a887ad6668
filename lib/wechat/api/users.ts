/**
 * Followers (用户管理): the follower list and the user details WeChat gives an
 * Official Account. Since 2021-12-27 user/info and user/info/batchget carry no
 * nickname, headimgurl, sex, city, province, country or privilege: the types
 * below mark them `never` so nobody waits for fields that never come. A
 * profile needs web authorization with snsapi_userinfo (lib/wechat/oauth.ts).
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html
 */
import type { WeChatApiCaller } from "../api-client";
import { WeChatHttpError } from "../errors";

export interface FollowersPage {
  total: number;
  count: number;
  openids: string[];
  /** Pass to the next call; "" when there is nothing more. */
  nextOpenid: string;
}

/** Profile fields WeChat stopped returning from user/info on 2021-12-27. */
export interface RetiredProfileFields {
  nickname?: never;
  headimgurl?: never;
  sex?: never;
  city?: never;
  province?: never;
  country?: never;
  privilege?: never;
}

/** A follower, as user/info and user/info/batchget return it (WeChat's field names). */
export interface SubscribedUserInfo extends RetiredProfileFields {
  subscribe: 1;
  openid: string;
  language: string;
  /** Seconds since the epoch. */
  subscribe_time: number;
  /** Only when the account is bound to an Open Platform account. */
  unionid?: string;
  /** Set with updateUserRemark (tags.ts). */
  remark: string;
  /** The first tag id: left over from the retired groups API. */
  groupid?: number;
  /** Tags the follower carries (at most 20). */
  tagid_list: number[];
  /** ADD_SCENE_SEARCH, ADD_SCENE_QR_CODE, ... */
  subscribe_scene: string;
  qr_scene: number;
  qr_scene_str: string;
}

/** Someone who no longer follows the account: WeChat returns little more than the openid. */
export interface UnsubscribedUserInfo extends RetiredProfileFields {
  subscribe: 0;
  openid: string;
  unionid?: string;
}

export type UserInfo = SubscribedUserInfo | UnsubscribedUserInfo;

export type UserInfoLang = "zh_CN" | "zh_TW" | "en";

interface UserGetResponse {
  total?: number;
  count?: number;
  data?: { openid?: string[] };
  next_openid?: string;
}

/** WeChat's batchget limit. */
export const BATCH_GET_USER_INFO_MAX = 100;
/** Safety stop for getAllFollowers should WeChat keep answering with the same cursor. */
const MAX_PAGES = 10_000;

/**
 * One page (≤ 10000) of follower openids.
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Getting_a_User_List.html
 */
export async function getFollowers(client: WeChatApiCaller, nextOpenid?: string): Promise<FollowersPage> {
  const res = await client.call<UserGetResponse>({
    path: "/cgi-bin/user/get",
    query: { next_openid: nextOpenid || undefined },
  });
  const openids = Array.isArray(res.data?.openid) ? res.data.openid : [];
  const count = typeof res.count === "number" ? res.count : openids.length;
  return {
    total: typeof res.total === "number" ? res.total : 0,
    count,
    openids,
    // An empty page ends the list even if WeChat repeats the last openid as next_openid.
    nextOpenid: count === 0 || openids.length === 0 ? "" : (res.next_openid ?? ""),
  };
}

/**
 * Every follower openid, page after page until WeChat has no more.
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Getting_a_User_List.html
 */
export async function getAllFollowers(client: WeChatApiCaller): Promise<string[]> {
  const all: string[] = [];
  let cursor = "";
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await getFollowers(client, cursor);
    all.push(...res.openids);
    if (!res.nextOpenid || res.nextOpenid === cursor) return all;
    cursor = res.nextOpenid;
  }
  return all;
}

/**
 * Details of one user.
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html
 */
export async function getUserInfo(client: WeChatApiCaller, openid: string, lang: UserInfoLang = "zh_CN"): Promise<UserInfo> {
  return client.call<UserInfo>({ path: "/cgi-bin/user/info", query: { openid, lang } });
}

/**
 * Details of many users, in chunks of 100 (WeChat's limit), in input order.
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html
 */
export async function batchGetUserInfo(
  client: WeChatApiCaller,
  openids: readonly string[],
  lang: UserInfoLang = "zh_CN",
): Promise<UserInfo[]> {
  const out: UserInfo[] = [];
  for (let i = 0; i < openids.length; i += BATCH_GET_USER_INFO_MAX) {
    const chunk = openids.slice(i, i + BATCH_GET_USER_INFO_MAX);
    const res = await client.call<{ user_info_list?: UserInfo[] }>({
      method: "POST",
      path: "/cgi-bin/user/info/batchget",
      body: { user_list: chunk.map((openid) => ({ openid, lang })) },
      // A read: repeating it after a timeout is harmless.
      idempotent: true,
    });
    if (!Array.isArray(res.user_info_list)) {
      throw new WeChatHttpError(200, "/cgi-bin/user/info/batchget", { cause: new Error("answer lacks user_info_list") });
    }
    out.push(...res.user_info_list);
  }
  return out;
}
