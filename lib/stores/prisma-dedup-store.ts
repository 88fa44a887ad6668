import "server-only";
import { join, sqltag as sql } from "@prisma/client/runtime/client";
import type { Db } from "../db-client";
import type { DedupRecord, DedupStore } from "../wechat/webhook/dedup";
import { createGroupCommit } from "./group-commit";

type Claim = { key: string; now: number; leaseMs: number; ttlMs: number };
type Completion = { key: string; reply: string | null };

/** Most pushes written per statement: at most 4 parameters each stays far below SQLite's and PostgreSQL's limits. */
const MAX_BATCH = 100;
/**
 * A statement the database has not answered by then fails its batch, so that later pushes are
 * not queued behind it. Longer than the webhook's own bound on a store call (at most 1 s), which
 * has already made those pushes go ahead without exactly-once.
 */
const WRITE_TIMEOUT_MS = 2_000;

/**
 * Exactly-once claims for webhook pushes, in the database so that WeChat's retries are
 * recognised even when they land on another process or serverless instance.
 *
 * A claim is one upsert: INSERT on the primary key (one winner), or — on conflict — take over
 * a record that expired, or a `running` one whose lease ran out (its process died mid-handler);
 * RETURNING names the keys this statement now owns. Claims and completions are the two
 * writes every push makes, so both are group-committed: the claims (or completions) of
 * concurrent pushes go out as one statement (see group-commit.ts). SQL shared by SQLite and
 * PostgreSQL; `excluded."createdAt"` carries each claim's own clock reading.
 */
export function createPrismaDedupStore(db: Db): DedupStore {
  const claimBatch = createGroupCommit<Claim, boolean>(async (claims) => {
    // One row per key: an upsert may not touch the same row twice, and a second claim of a
    // key in the same batch loses to the first anyway.
    const first = new Map<string, number>();
    claims.forEach((claim, i) => first.has(claim.key) || first.set(claim.key, i));
    const rows = [...first.values()].map((i) => {
      const { key, now, leaseMs, ttlMs } = claims[i] as Claim;
      return sql`(${key}, 'running', ${new Date(now + leaseMs)}, ${new Date(now + ttlMs)}, ${new Date(now)})`;
    });
    const owned = await db.$queryRaw<Array<{ key: string }>>`
      INSERT INTO "WebhookDelivery" ("key", "status", "leaseUntil", "expiresAt", "createdAt")
      VALUES ${join(rows)}
      ON CONFLICT ("key") DO UPDATE SET
        "status" = 'running', "reply" = NULL, "lateSentAt" = NULL, "lateError" = NULL,
        "leaseUntil" = excluded."leaseUntil", "expiresAt" = excluded."expiresAt", "createdAt" = excluded."createdAt"
      WHERE "WebhookDelivery"."expiresAt" < excluded."createdAt"
         OR ("WebhookDelivery"."status" = 'running' AND "WebhookDelivery"."leaseUntil" < excluded."createdAt")
      RETURNING "key"`;
    const ownedKeys = new Set(owned.map((row) => row.key));
    return claims.map((claim, i) => first.get(claim.key) === i && ownedKeys.has(claim.key));
  }, { maxBatch: MAX_BATCH, timeoutMs: WRITE_TIMEOUT_MS });

  const completeBatch = createGroupCommit<Completion, void>(async (completions) => {
    const replies = completions.map(({ key, reply }) => sql`WHEN ${key} THEN ${reply}`);
    await db.$executeRaw`
      UPDATE "WebhookDelivery" SET "status" = 'done', "reply" = CASE "key" ${join(replies, " ")} END
      WHERE "key" IN (${join(completions.map((c) => c.key))})`;
    return completions.map(() => undefined);
  }, { maxBatch: MAX_BATCH, timeoutMs: WRITE_TIMEOUT_MS });

  return {
    claim: (key, now, leaseMs, ttlMs) => claimBatch({ key, now, leaseMs, ttlMs }),

    async get(key): Promise<DedupRecord | null> {
      const row = await db.webhookDelivery.findUnique({ where: { key } });
      if (!row) return null;
      return {
        key: row.key,
        status: row.status as DedupRecord["status"],
        reply: row.reply,
        leaseUntil: row.leaseUntil.getTime(),
        expiresAt: row.expiresAt.getTime(),
        ...(row.lateSentAt ? { late: { sentAt: row.lateSentAt.getTime() } } : {}),
        ...(row.lateError !== null ? { late: { error: row.lateError } } : {}),
      };
    },

    complete: (key, reply) => completeBatch({ key, reply }),

    async defer(key): Promise<void> {
      await db.webhookDelivery.updateMany({ where: { key }, data: { status: "deferred" } });
    },

    async recordLate(key, late): Promise<void> {
      const data = "sentAt" in late ? { lateSentAt: new Date(late.sentAt) } : { lateError: late.error.slice(0, 500) };
      await db.webhookDelivery.updateMany({ where: { key }, data });
    },

    async purgeExpired(now): Promise<number> {
      const { count } = await db.webhookDelivery.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
      return count;
    },
  };
}
