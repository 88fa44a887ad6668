import "server-only";
import { DAILY_TOKEN_QUOTA, type AdminFollowersPage } from "./admin-types";
import { getWeChatClient } from "./wechat-app";
import { batchGetUserInfo, getFollowers, type UserInfo } from "./wechat/api/users";
import { sendTextMessage } from "./wechat/api/custom-message";
import { getTagFollowers, getTags } from "./wechat/api/tags";
import type { CredentialsHealth } from "./wechat/token/manager";


export async function getTokenHealth(): Promise<CredentialsHealth & { dailyQuota: number }> {
  const client = await getWeChatClient();
  return { ...(await client.credentials.getHealth()), dailyQuota: DAILY_TOKEN_QUOTA };
}

/** Forces new credentials now (the admin button). In stable mode this is the only force_refresh. */
export async function forceRefreshTokens(): Promise<CredentialsHealth & { dailyQuota: number }> {
  const client = await getWeChatClient();
  await client.credentials.forceRefresh("access_token");
  await client.credentials.forceRefresh("jsapi_ticket");
  return getTokenHealth();
}

/** Scheduled refresh ahead of expiry (cron); refreshes only what is due. */
export async function refreshTokensIfDue(): Promise<{ accessToken: boolean; jsApiTicket: boolean }> {
  const client = await getWeChatClient();
  const accessToken = await client.credentials.refreshIfDue("access_token");
  const jsApiTicket = await client.credentials.refreshIfDue("jsapi_ticket");
  return { accessToken, jsApiTicket };
}

/** One page of followers with their details: user/get, then user/info/batchget in chunks of 100. */
export async function listFollowers(nextOpenid: string | undefined, limit: number): Promise<AdminFollowersPage<UserInfo>> {
  const client = await getWeChatClient();
  const page = await getFollowers(client, nextOpenid);
  const openids = page.openids.slice(0, limit);
  const users = openids.length ? await batchGetUserInfo(client, openids) : [];
  // A page cut by `limit` continues after the last openid shown, so nobody is skipped.
  const next = openids.length < page.openids.length ? openids[openids.length - 1]! : page.nextOpenid;
  return { total: page.total, count: users.length, next_openid: next, users };
}

/**
 * One page of the followers carrying `tagid` (user/tag/get, then batchget), in
 * the same shape as listFollowers; `total` is the tag's follower count from
 * tags/get. null when the account has no such tag.
 */
export async function listTagFollowers(tagid: number, nextOpenid: string | undefined, limit: number): Promise<AdminFollowersPage<UserInfo> | null> {
  const client = await getWeChatClient();
  const tag = (await getTags(client)).find((t) => t.id === tagid);
  if (!tag) return null;
  const page = await getTagFollowers(client, tagid, nextOpenid);
  const openids = page.openids.slice(0, limit);
  const users = openids.length ? await batchGetUserInfo(client, openids) : [];
  const next = openids.length < page.openids.length ? openids[openids.length - 1]! : page.nextOpenid;
  return { total: tag.count, count: users.length, next_openid: next, users };
}

export async function sendCustomerServiceText(openid: string, content: string): Promise<void> {
  await sendTextMessage(await getWeChatClient(), openid, content);
}
