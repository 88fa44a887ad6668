import "server-only";
import type { Db } from "../db/client";
import type { FailureStore } from "./auth-throttle";

/**
 * Failed-authentication counters in the AuthFailure table, shared by every instance.
 * One statement per failure (INSERT … ON CONFLICT DO UPDATE, same SQL on SQLite and
 * PostgreSQL): the row is created, incremented inside its window, or restarted after it —
 * atomically, so concurrent failures on several instances are all counted.
 */
export function createPrismaFailureStore(db: Db): FailureStore {
  return {
    async get(key) {
      const row = await db.authFailure.findUnique({ where: { key } });
      return row ? { count: row.count, windowStart: row.windowStart.getTime() } : null;
    },
    async recordFailure(key, now, windowMs) {
      const cutoff = new Date(now - windowMs);
      await db.$executeRaw`
        INSERT INTO "AuthFailure" ("key", "count", "windowStart") VALUES (${key}, 1, ${new Date(now)})
        ON CONFLICT ("key") DO UPDATE SET
          "count" = CASE WHEN "AuthFailure"."windowStart" > ${cutoff} THEN "AuthFailure"."count" + 1 ELSE 1 END,
          "windowStart" = CASE WHEN "AuthFailure"."windowStart" > ${cutoff} THEN "AuthFailure"."windowStart" ELSE excluded."windowStart" END`;
      // Old windows are useless: drop them while we are writing anyway (indexed).
      await db.authFailure.deleteMany({ where: { windowStart: { lt: new Date(now - 2 * windowMs) } } });
    },
    async clear(key) {
      await db.authFailure.deleteMany({ where: { key } });
    },
  };
}
