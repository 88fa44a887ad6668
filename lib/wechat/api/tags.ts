/**
 * User tags (用户标签管理) and remarks (设置用户备注名): create, read, rename
 * and delete the account's tags, tag and untag followers, list a tag's
 * followers, and set the remark an operator sees beside a follower.
 */
import type { WeChatApiCaller } from "../api-client";
import { WeChatHttpError } from "../errors";
import {
  checkEditableTagId,
  checkOpenid,
  checkOpenidList,
  checkRemark,
  checkTagId,
  checkTagName,
  TAGGING_OPENIDS_MAX,
} from "./tags-validation";

export interface Tag {
  id: number;
  name: string;
  /** Followers carrying this tag. */
  count: number;
}

export interface TagFollowersPage {
  count: number;
  openids: string[];
  /** Pass to the next call; "" when there is nothing more. */
  nextOpenid: string;
}

interface OpenidPageResponse {
  count?: number;
  data?: { openid?: string[] };
  next_openid?: string;
}

const DOC = "https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html";

/**
 * Creates a tag (at most 100 per account, 45056; duplicate names 45157).
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
export async function createTag(client: WeChatApiCaller, name: string): Promise<{ id: number; name: string }> {
  checkTagName(name);
  const res = await client.call<{ tag?: { id?: number; name?: string } }>({
    method: "POST",
    path: "/cgi-bin/tags/create",
    body: { tag: { name } },
  });
  if (typeof res.tag?.id !== "number") throw malformed("/cgi-bin/tags/create", "tag.id");
  return { id: res.tag.id, name: res.tag.name ?? name };
}

/**
 * Every tag of the account, default ones (星标组) included, with follower counts.
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
export async function getTags(client: WeChatApiCaller): Promise<Tag[]> {
  const res = await client.call<{ tags?: Tag[] }>({ path: "/cgi-bin/tags/get" });
  return Array.isArray(res.tags) ? res.tags : [];
}

/**
 * Renames a tag; the default tags 0/1/2 cannot be changed (45058).
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
export async function updateTag(client: WeChatApiCaller, id: number, name: string): Promise<void> {
  checkEditableTagId(id);
  checkTagName(name);
  await client.call({ method: "POST", path: "/cgi-bin/tags/update", body: { tag: { id, name } }, idempotent: true });
}

/**
 * Deletes a tag. WeChat refuses (45057) while more than 100,000 followers carry it:
 * untag them first.
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
export async function deleteTag(client: WeChatApiCaller, id: number): Promise<void> {
  checkEditableTagId(id);
  await client.call({ method: "POST", path: "/cgi-bin/tags/delete", body: { tag: { id } } });
}

/**
 * Tags 1–50 followers (a follower carries at most 20 tags, 45059).
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
export async function tagUsers(client: WeChatApiCaller, tagid: number, openids: readonly string[]): Promise<void> {
  checkTagId(tagid);
  checkOpenidList(openids, TAGGING_OPENIDS_MAX);
  // Tagging twice leaves the same state, so a timed-out call may be repeated.
  await client.call({ method: "POST", path: "/cgi-bin/tags/members/batchtagging", body: { openid_list: openids, tagid }, idempotent: true });
}

/**
 * Removes a tag from 1–50 followers.
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
export async function untagUsers(client: WeChatApiCaller, tagid: number, openids: readonly string[]): Promise<void> {
  checkTagId(tagid);
  checkOpenidList(openids, TAGGING_OPENIDS_MAX);
  await client.call({ method: "POST", path: "/cgi-bin/tags/members/batchuntagging", body: { openid_list: openids, tagid }, idempotent: true });
}

/**
 * The tag ids a follower carries.
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
export async function getUserTagIds(client: WeChatApiCaller, openid: string): Promise<number[]> {
  checkOpenid(openid);
  const res = await client.call<{ tagid_list?: number[] }>({
    method: "POST",
    path: "/cgi-bin/tags/getidlist",
    body: { openid },
    idempotent: true,
  });
  return Array.isArray(res.tagid_list) ? res.tagid_list : [];
}

/**
 * One page (≤ 10000) of the followers carrying a tag, from `nextOpenid` on.
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
export async function getTagFollowers(client: WeChatApiCaller, tagid: number, nextOpenid = ""): Promise<TagFollowersPage> {
  checkTagId(tagid);
  if (nextOpenid) checkOpenid(nextOpenid, "next_openid");
  const res = await client.call<OpenidPageResponse>({
    method: "POST",
    path: "/cgi-bin/user/tag/get",
    body: { tagid, next_openid: nextOpenid },
    idempotent: true,
  });
  return openidPage(res);
}

/**
 * Sets the remark shown beside a follower (verified service accounts).
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Configuring_user_notes.html
 */
export async function updateUserRemark(client: WeChatApiCaller, openid: string, remark: string): Promise<void> {
  checkOpenid(openid);
  checkRemark(remark);
  await client.call({ method: "POST", path: "/cgi-bin/user/info/updateremark", body: { openid, remark }, idempotent: true });
}

/** Shared by the tag and blacklist pages: an empty page ends the list whatever next_openid says. */
export function openidPage(res: OpenidPageResponse): TagFollowersPage {
  const openids = Array.isArray(res.data?.openid) ? res.data.openid : [];
  const count = typeof res.count === "number" ? res.count : openids.length;
  return { count, openids, nextOpenid: openids.length === 0 ? "" : (res.next_openid ?? "") };
}

function malformed(path: string, field: string): WeChatHttpError {
  return new WeChatHttpError(200, path, { cause: new Error(`answer lacks ${field} (${DOC})`) });
}
