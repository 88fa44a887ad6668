/**
 * The followers screens' server side: pages of followers straight from WeChat (user/get,
 * then user/info/batchget), the synced followers from the database, the account's tags, and
 * tagging a selection (tagging.ts) on WeChat and in the stored rows at once.
 * Framework-free: the WeChat client and the store are injected (lib/wiring builds them).
 */
import type { WeChatApiCaller } from "@wxmp/wechat/api-client";
import { getTagFollowers, getTags, tagUsers, untagUsers, type Tag } from "@wxmp/wechat/api/tags";
import { batchGetUserInfo, getFollowers, type UserInfo } from "@wxmp/wechat/api/users";
import type { StoredFollowerStore } from "./prisma-follower-store";
import { toSearchPage, type FollowerSearchPage, type FollowerSearchStore } from "./search";
import { applyTagging, type TaggingRequest, type TaggingResult } from "./tagging";
import type { AdminFollowersPage, FollowerListPage, FollowerListQuery } from "./types";

export interface FollowerService {
  /** One page of followers with their details: user/get, then user/info/batchget in chunks of 100. */
  listLive(nextOpenid: string | undefined, limit: number): Promise<AdminFollowersPage<UserInfo>>;
  /**
   * One page of the followers carrying `tagid` (user/tag/get, then batchget), in the same
   * shape; `total` is the tag's follower count from tags/get. null when the account has no such tag.
   */
  listLiveByTag(tagid: number, nextOpenid: string | undefined, limit: number): Promise<AdminFollowersPage<UserInfo> | null>;
  /** One page of the synced followers (the database, not WeChat). */
  listStored(query: FollowerListQuery): Promise<FollowerListPage>;
  /** The account's tags (tags/get). */
  tags(): Promise<Tag[]>;
  /** Tags or untags a selection in chunks of 50, the stored rows updated chunk by chunk. */
  tag(request: TaggingRequest): Promise<TaggingResult>;
  /** The recipient pickers: synced followers by remark, tag name or nickname (or a whole openid), newest first. */
  search(text: string, offset: number, limit: number): Promise<FollowerSearchPage>;
}

/** A page of user/get's openids cut to `limit`, with their details. */
async function detailsOf(client: WeChatApiCaller, page: { openids: string[]; nextOpenid: string }, total: number, limit: number): Promise<AdminFollowersPage<UserInfo>> {
  const openids = page.openids.slice(0, limit);
  const users = openids.length ? await batchGetUserInfo(client, openids) : [];
  // A page cut by `limit` continues after the last openid shown, so nobody is skipped.
  const next = openids.length < page.openids.length ? openids[openids.length - 1]! : page.nextOpenid;
  return { total, count: users.length, next_openid: next, users };
}

export function createFollowerService(deps: { client: WeChatApiCaller; store: StoredFollowerStore; search: FollowerSearchStore }): FollowerService {
  const { client, store } = deps;
  return {
    async listLive(nextOpenid, limit) {
      const page = await getFollowers(client, nextOpenid);
      return detailsOf(client, page, page.total, limit);
    },
    async listLiveByTag(tagid, nextOpenid, limit) {
      const tag = (await getTags(client)).find((t) => t.id === tagid);
      if (!tag) return null;
      return detailsOf(client, await getTagFollowers(client, tagid, nextOpenid), tag.count, limit);
    },
    listStored: (query) => store.list(query),
    async search(text, offset, limit) {
      // Tag names come from WeChat; a failure there still leaves remark and nickname matches.
      const tags = await getTags(client).catch(() => [] as Tag[]);
      const tagIds = text ? tags.filter((t) => t.name.includes(text)).map((t) => t.id) : [];
      const found = await deps.search.search({ text, tagIds, offset, limit });
      return toSearchPage(found, new Map(tags.map((t) => [t.id, t.name])), offset);
    },
    tags: () => getTags(client),
    tag: (request) =>
      applyTagging(
        {
          tag: (tagId, openids) => tagUsers(client, tagId, openids),
          untag: (tagId, openids) => untagUsers(client, tagId, openids),
          updateStored: (tagId, openids, action) => store.updateTags(tagId, openids, action),
        },
        request,
      ),
  };
}
