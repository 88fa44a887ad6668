import "server-only";
import type { Db } from "../db-client";
import type { BodyBindingStore } from "../wechat/webhook/body-binding";

/**
 * Plaintext query ↔ body bindings in the database, so a query captured on one instance
 * cannot carry another body to a second one. A bind is one upsert: INSERT on the primary
 * key (one winner), or — on conflict — replace a binding whose expiry has passed; RETURNING
 * says whether this statement wrote it. Otherwise the stored hash decides. SQL shared by
 * SQLite and PostgreSQL; `excluded."createdAt"` carries the caller's clock reading.
 */
export function createPrismaBodyBindingStore(db: Db): BodyBindingStore {
  async function bind(key: string, bodyHash: string, now: number, ttlMs: number, attempt = 0): Promise<boolean> {
    const written = await db.$queryRaw<Array<{ key: string }>>`
      INSERT INTO "WebhookBodyBinding" ("key", "bodyHash", "expiresAt", "createdAt")
      VALUES (${key}, ${bodyHash}, ${new Date(now + ttlMs)}, ${new Date(now)})
      ON CONFLICT ("key") DO UPDATE SET
        "bodyHash" = excluded."bodyHash", "expiresAt" = excluded."expiresAt", "createdAt" = excluded."createdAt"
      WHERE "WebhookBodyBinding"."expiresAt" < excluded."createdAt"
      RETURNING "key"`;
    if (written.length > 0) return true;
    const row = await db.webhookBodyBinding.findUnique({ where: { key } });
    // Purged between the two statements: bind again (once).
    if (!row) return attempt === 0 ? bind(key, bodyHash, now, ttlMs, 1) : false;
    return row.bodyHash === bodyHash;
  }

  return {
    bind: (key, bodyHash, now, ttlMs) => bind(key, bodyHash, now, ttlMs),
    async purgeExpired(now) {
      const { count } = await db.webhookBodyBinding.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
      return count;
    },
  };
}
