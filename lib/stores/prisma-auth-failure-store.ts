import "server-only";
import type { Db } from "../db-client";
import type { FailureStore } from "../security/auth-throttle";
import { isUniqueViolation } from "./prisma-errors";

/**
 * Failed-authentication counters in the AuthFailure table, shared by every instance.
 * The increment is a single UPDATE ... SET count = count + 1 (atomic on both databases);
 * only the first failure of a window writes the row whole.
 */
export function createPrismaFailureStore(db: Db): FailureStore {
  return {
    async get(key) {
      const row = await db.authFailure.findUnique({ where: { key } });
      return row ? { count: row.count, windowStart: row.windowStart.getTime() } : null;
    },
    async recordFailure(key, now, windowMs) {
      const windowOpen = { key, windowStart: { gt: new Date(now - windowMs) } };
      const bumped = await db.authFailure.updateMany({ where: windowOpen, data: { count: { increment: 1 } } });
      if (bumped.count > 0) return;
      const fresh = { count: 1, windowStart: new Date(now) };
      try {
        await db.authFailure.upsert({ where: { key }, create: { key, ...fresh }, update: fresh });
      } catch (error) {
        // Another instance opened the window at the same moment: count this failure in it.
        if (!isUniqueViolation(error)) throw error;
        await db.authFailure.updateMany({ where: windowOpen, data: { count: { increment: 1 } } });
      }
      // Old windows are useless: drop them while we are writing anyway (indexed).
      await db.authFailure.deleteMany({ where: { windowStart: { lt: new Date(now - 2 * windowMs) } } });
    },
  };
}
