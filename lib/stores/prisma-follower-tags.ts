import "server-only";
import type { Db } from "../db-client";
import { nextTagIds, type TaggingAction } from "../follower-tagging";
import { decodeTagIds, encodeTagIds } from "./prisma-follower-sync-store";

/**
 * Adds or removes `tagId` on the stored followers among `openids` (≤ 50 per call, one chunk
 * of batchtagging), so the console's list shows what WeChat now holds without a new sync.
 * Followers not synced yet are skipped: the next sync brings them with their tags.
 * Returns how many rows changed.
 */
export async function updateStoredFollowerTags(db: Db, appId: string, tagId: number, openids: string[], action: TaggingAction): Promise<number> {
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
