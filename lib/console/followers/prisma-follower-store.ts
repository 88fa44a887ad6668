import "server-only";
import type { Db } from "../../db/client";
import { decodeTagIds, encodeTagIds } from "./prisma-sync-store";
import { nextTagIds, type TaggingAction } from "./tagging";
import type { FollowerListPage, FollowerListQuery } from "./types";

/** The synced followers of one account, as the console reads and tags them. */
export interface StoredFollowerStore {
  /** One page, newest subscription first, optionally by tag. */
  list(query: FollowerListQuery): Promise<FollowerListPage>;
  /**
   * Adds or removes `tagId` on the stored followers among `openids` (≤ 50 per call, one chunk
   * of batchtagging), so the list shows what WeChat now holds without a new sync. Followers
   * not synced yet are skipped: the next sync brings them with their tags. Returns how many
   * rows changed.
   */
  updateTags(tagId: number, openids: string[], action: TaggingAction): Promise<number>;
}

/** The Prisma store of one account's synced followers (the rows the sync writes). */
export function createPrismaFollowerStore(db: Db, appId: string): StoredFollowerStore {
  return {
    list: (query) => listStoredFollowers(db, appId, query),
    updateTags: (tagId, openids, action) => updateStoredFollowerTags(db, appId, tagId, openids, action),
  };
}

async function listStoredFollowers(db: Db, appId: string, query: FollowerListQuery): Promise<FollowerListPage> {
  const where = { appId, ...(query.tagId !== undefined ? { tagIds: { contains: `,${query.tagId},` } } : {}) };
  const [rows, total] = await Promise.all([
    db.follower.findMany({
      where,
      orderBy: [{ subscribeTime: "desc" }, { openid: "asc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    db.follower.count({ where }),
  ]);
  const items = rows.map((row) => ({
    openid: row.openid,
    subscribe: row.subscribe,
    language: row.language,
    subscribeTime: row.subscribeTime?.getTime() ?? null,
    remark: row.remark,
    tagIds: decodeTagIds(row.tagIds),
    subscribeScene: row.subscribeScene,
    unionid: row.unionid,
  }));
  return { items, total, page: query.page, pageSize: query.pageSize };
}

async function updateStoredFollowerTags(db: Db, appId: string, tagId: number, openids: string[], action: TaggingAction): Promise<number> {
  return db.$transaction(async (tx) => {
    const rows = await tx.follower.findMany({ where: { appId, openid: { in: openids } }, select: { openid: true, tagIds: true } });
    let changed = 0;
    for (const row of rows) {
      const next = encodeTagIds(nextTagIds(decodeTagIds(row.tagIds), tagId, action));
      if (next === row.tagIds) continue;
      // Conditional on the value read: a sync writing the row meanwhile wins, and its answer is WeChat's own.
      const { count } = await tx.follower.updateMany({ where: { appId, openid: row.openid, tagIds: row.tagIds }, data: { tagIds: next } });
      changed += count;
    }
    return changed;
  });
}
