/**
 * The blacklist (黑名单管理): followers the account no longer hears from.
 * WeChat keeps it as the reserved tag 1; these calls are the only way to change it.
 */
import type { WeChatApiCaller } from "../api-client";
import { openidPage, type TagFollowersPage } from "./tags";
import { BLACKLIST_OPENIDS_MAX, checkOpenid, checkOpenidList } from "./tags-validation";

export interface BlacklistPage extends TagFollowersPage {
  total: number;
}

/**
 * One page (≤ 10000) of blacklisted openids, starting after `beginOpenid`.
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Manage_blacklist.html
 */
export async function getBlacklist(client: WeChatApiCaller, beginOpenid = ""): Promise<BlacklistPage> {
  if (beginOpenid) checkOpenid(beginOpenid, "begin_openid");
  const res = await client.call<{ total?: number; count?: number; data?: { openid?: string[] }; next_openid?: string }>({
    method: "POST",
    path: "/cgi-bin/tags/members/getblacklist",
    body: { begin_openid: beginOpenid },
    idempotent: true,
  });
  return { total: typeof res.total === "number" ? res.total : 0, ...openidPage(res) };
}

/**
 * Blacklists 1–20 followers.
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Manage_blacklist.html
 */
export async function blacklistUsers(client: WeChatApiCaller, openids: readonly string[]): Promise<void> {
  checkOpenidList(openids, BLACKLIST_OPENIDS_MAX);
  await client.call({ method: "POST", path: "/cgi-bin/tags/members/batchblacklist", body: { openid_list: openids }, idempotent: true });
}

/**
 * Takes 1–20 followers off the blacklist.
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Manage_blacklist.html
 */
export async function unblacklistUsers(client: WeChatApiCaller, openids: readonly string[]): Promise<void> {
  checkOpenidList(openids, BLACKLIST_OPENIDS_MAX);
  await client.call({ method: "POST", path: "/cgi-bin/tags/members/batchunblacklist", body: { openid_list: openids }, idempotent: true });
}
