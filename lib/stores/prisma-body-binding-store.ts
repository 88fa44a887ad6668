import "server-only";
import { join, sqltag as sql } from "@prisma/client/runtime/client";
import type { Db } from "../db-client";
import type { BodyBindingStore } from "../wechat/webhook/body-binding";
import { createGroupCommit } from "./group-commit";

type Bind = { key: string; bodyHash: string; now: number; ttlMs: number };

/** Most binds per statement: 4 parameters each stays far below SQLite's and PostgreSQL's limits. */
const MAX_BATCH = 100;
/** As for the dedup store: longer than the webhook's own bound on a store call. */
const WRITE_TIMEOUT_MS = 2_000;

/**
 * Plaintext query ↔ body bindings in the database, so a query captured on one instance
 * cannot carry another body to a second one. A bind is one upsert: INSERT on the primary
 * key (one winner), or — on conflict — replace a binding whose expiry has passed; RETURNING
 * names the keys this statement wrote. For the others the stored hash decides. Binds of
 * concurrent pushes are group-committed, like the dedup claims every push also makes (see
 * group-commit.ts). SQL shared by SQLite and PostgreSQL; `excluded."createdAt"` carries each
 * caller's clock reading.
 */
export function createPrismaBodyBindingStore(db: Db): BodyBindingStore {
  const bindBatch = createGroupCommit<Bind, boolean>(async (binds) => {
    // One row per key (an upsert may not touch a row twice); later binds of a key compare.
    const first = new Map<string, Bind>();
    for (const bind of binds) if (!first.has(bind.key)) first.set(bind.key, bind);
    const rows = [...first.values()].map(
      ({ key, bodyHash, now, ttlMs }) => sql`(${key}, ${bodyHash}, ${new Date(now + ttlMs)}, ${new Date(now)})`,
    );
    const written = await db.$queryRaw<Array<{ key: string }>>`
      INSERT INTO "WebhookBodyBinding" ("key", "bodyHash", "expiresAt", "createdAt")
      VALUES ${join(rows)}
      ON CONFLICT ("key") DO UPDATE SET
        "bodyHash" = excluded."bodyHash", "expiresAt" = excluded."expiresAt", "createdAt" = excluded."createdAt"
      WHERE "WebhookBodyBinding"."expiresAt" < excluded."createdAt"
      RETURNING "key"`;
    const stored = new Map<string, string>();
    for (const { key } of written) stored.set(key, (first.get(key) as Bind).bodyHash);
    const held = [...first.keys()].filter((key) => !stored.has(key));
    if (held.length > 0) {
      const rows = await db.webhookBodyBinding.findMany({ where: { key: { in: held } }, select: { key: true, bodyHash: true } });
      for (const row of rows) stored.set(row.key, row.bodyHash);
    }
    // A binding purged between the two statements had expired: its key is free again.
    return binds.map((bind) => (stored.get(bind.key) ?? bind.bodyHash) === bind.bodyHash);
  }, { maxBatch: MAX_BATCH, timeoutMs: WRITE_TIMEOUT_MS });

  return {
    bind: (key, bodyHash, now, ttlMs) => bindBatch({ key, bodyHash, now, ttlMs }),
    async purgeExpired(now) {
      const { count } = await db.webhookBodyBinding.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
      return count;
    },
  };
}
