import "server-only";
import type { Db } from "../../db/client";
import { isUniqueViolation } from "../../db/prisma-errors";
import { latestPerFollower, type InteractionStore } from "./interactions";
import type { InteractionKind } from "./window";

/** Followers' last interactions and the messages sent since, per account (FollowerInteraction). */
export function createPrismaInteractionStore(db: Db, appId: string): InteractionStore {
  async function record(openid: string, at: Date, kind: InteractionKind): Promise<void> {
    // Newer wins: a push that arrives late must not roll the window back.
    const moved = await db.followerInteraction.updateMany({ where: { appId, openid, at: { lt: at } }, data: { at, kind, sent: 0 } });
    if (moved.count > 0) return;
    try {
      await db.followerInteraction.create({ data: { appId, openid, at, kind, sent: 0 } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Already there and as new: or a racing writer inserted first, then the update path decides.
      await db.followerInteraction.updateMany({ where: { appId, openid, at: { lt: at } }, data: { at, kind, sent: 0 } });
    }
  }
  return {
    async recordInteractions(batch) {
      for (const item of latestPerFollower(batch)) await record(item.openid, new Date(item.at), item.kind);
    },
    async countSent(openid) {
      await db.followerInteraction.updateMany({ where: { appId, openid }, data: { sent: { increment: 1 } } });
    },
    async get(openid) {
      const row = await db.followerInteraction.findUnique({ where: { appId_openid: { appId, openid } } });
      if (!row) return null;
      return { openid: row.openid, at: row.at.getTime(), kind: row.kind === "event" ? "event" : "message", sent: row.sent };
    },
  };
}
