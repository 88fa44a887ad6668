import "server-only";
import type { Db } from "../db-client";
import type { DedupRecord, DedupStore } from "../wechat/dedup";
import { isUniqueViolation } from "./prisma-errors";

/**
 * Exactly-once claims for webhook pushes, in the database so that WeChat's retries are
 * recognised even when they land on another process or serverless instance. The claim is
 * an INSERT on the primary key (one winner) or a conditional UPDATE taking over an
 * expired record or a `running` one whose lease has run out (its process died mid-handler).
 */
export function createPrismaDedupStore(db: Db): DedupStore {
  return {
    async claim(key, now, leaseMs, ttlMs): Promise<boolean> {
      try {
        await db.webhookDelivery.create({
          data: { key, status: "running", leaseUntil: new Date(now + leaseMs), expiresAt: new Date(now + ttlMs) },
        });
        return true;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      const { count } = await db.webhookDelivery.updateMany({
        where: {
          key,
          OR: [{ expiresAt: { lt: new Date(now) } }, { status: "running", leaseUntil: { lt: new Date(now) } }],
        },
        data: {
          status: "running",
          reply: null,
          lateSentAt: null,
          lateError: null,
          leaseUntil: new Date(now + leaseMs),
          expiresAt: new Date(now + ttlMs),
        },
      });
      return count === 1;
    },

    async get(key): Promise<DedupRecord | null> {
      const row = await db.webhookDelivery.findUnique({ where: { key } });
      if (!row) return null;
      return {
        key: row.key,
        status: row.status as DedupRecord["status"],
        reply: row.reply,
        leaseUntil: row.leaseUntil.getTime(),
        expiresAt: row.expiresAt.getTime(),
      };
    },

    async complete(key, reply): Promise<void> {
      await db.webhookDelivery.updateMany({ where: { key }, data: { status: "done", reply } });
    },

    async defer(key): Promise<void> {
      await db.webhookDelivery.updateMany({ where: { key }, data: { status: "deferred" } });
    },

    async purgeExpired(now): Promise<number> {
      const { count } = await db.webhookDelivery.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
      return count;
    },
  };
}
