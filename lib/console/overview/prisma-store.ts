import "server-only";
import type { Db } from "../../db/client";
import { join, sqltag as sql } from "@prisma/client/runtime/client";
import { beijingDayOf, type ActivityKind, type ActivityStore, type DayActivity } from "./activity";
import type { FailedSendStore } from "./service";

const KINDS: readonly ActivityKind[] = ["subscribe", "unsubscribe", "message"];
/** Rows per INSERT: 6 parameters each, well under SQLite's and PostgreSQL's limits. */
const CHUNK = 500;

/** One account's follows, unfollows and messages (AccountEvent), counted per Beijing day. */
export function createPrismaActivityStore(db: Db, appId: string): ActivityStore {
  return {
    async record(events) {
      // One INSERT … ON CONFLICT DO NOTHING per chunk, not a create per event: this runs in the
      // process that answers pushes, and a Prisma query plus a caught unique violation per push
      // cost the fast entry more than half its req/s (docs/benchmarks.md). A retried push's row
      // is already there: counted once.
      for (let i = 0; i < events.length; i += CHUNK) {
        const rows = events.slice(i, i + CHUNK).map((e) => sql`(${e.key}, ${appId}, ${e.kind}, ${e.openid}, ${beijingDayOf(e.at)}, ${new Date(e.at)})`);
        await db.$executeRaw`INSERT INTO "AccountEvent" ("key", "appId", "kind", "openid", "day", "at") VALUES ${join(rows)} ON CONFLICT ("appId", "key") DO NOTHING`;
      }
    },
    async countsSince(firstDay) {
      const groups = await db.accountEvent.groupBy({ by: ["day", "kind"], where: { appId, day: { gte: firstDay } }, _count: { _all: true } });
      const perDay = new Map<string, DayActivity>();
      for (const g of groups) {
        if (!KINDS.includes(g.kind as ActivityKind)) continue;
        const row = perDay.get(g.day) ?? { day: g.day, subscribe: 0, unsubscribe: 0, message: 0 };
        row[g.kind as ActivityKind] += g._count._all;
        perDay.set(g.day, row);
      }
      return [...perDay.values()].sort((a, b) => a.day.localeCompare(b.day));
    },
  };
}

/**
 * One account's template sends whose TEMPLATESENDJOBFINISH said anything but success
 * (TemplateSend rows of `appId`, and of `legacyAppIds`: "" for the environment's account).
 */
export function createPrismaFailedSendStore(db: Db, appId: string, legacyAppIds: readonly string[] = []): FailedSendStore {
  return {
    async failedTemplateSends(since, limit) {
      const where = { appId: { in: [appId, ...legacyAppIds] }, finishedAt: { gte: new Date(since) }, outcome: { not: "success" } };
      const [rows, total] = await Promise.all([
        db.templateSend.findMany({ where, orderBy: { finishedAt: "desc" }, take: limit }),
        db.templateSend.count({ where }),
      ]);
      return {
        total,
        items: rows.map((r) => ({ msgid: r.msgid, touser: r.touser, status: r.status ?? "", outcome: r.outcome ?? "other", at: r.finishedAt?.getTime() ?? since })),
      };
    },
  };
}
