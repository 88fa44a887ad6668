import "server-only";
import type { Pool } from "pg";
import type { BodyBindingStore } from "@wxmp/wechat/webhook/body-binding";
import type { DedupRecord, DedupStore } from "@wxmp/wechat/webhook/dedup";
import { createGroupCommit } from "./group-commit";
import { utcDateFormatter, utcDateText } from "./utc-date-text";
import { BIND_ON_CONFLICT, CLAIM_ON_CONFLICT } from "./webhook-upserts";

/** Most pushes per statement (arrays, so no parameter limit; this bounds one statement's work). */
const MAX_BATCH = 500;
/** As for the other stores: longer than the webhook's own bound on a store call (at most 1 s). */
const WRITE_TIMEOUT_MS = 2_000;

/**
 * The webhook's two stores (exactly-once claims, plaintext body bindings) on PostgreSQL, through
 * `pg` on the pool Prisma uses (lib/db/client.ts), instead of through Prisma.
 *
 * Why: these are the writes every push makes, and Prisma builds and interprets each statement
 * anew — a fifth of the fast entry's CPU on PostgreSQL (docs/benchmarks.md). Here each batch of
 * concurrent pushes (group-commit.ts) is one statement of fixed text over arrays (`unnest`), so
 * each is a named prepared statement, parsed once per connection whatever the batch size. The
 * upserts are shared with the SQLite stores (webhook-upserts.ts); dates go in as UTC text, as
 * Prisma stores them in `timestamp(3)`, and come out as epoch milliseconds.
 */
export type PgWebhookStores = { dedup: DedupStore; bodyBindings: BodyBindingStore };

type Claim = { key: string; now: number; leaseMs: number; ttlMs: number };
type Bind = { key: string; bodyHash: string; now: number; ttlMs: number };
type DeliveryRow = {
  key: string;
  status: string;
  reply: string | null;
  leaseUntil: number;
  expiresAt: number;
  lateSentAt: number | null;
  lateError: string | null;
};

const CLAIM = `
  INSERT INTO "WebhookDelivery" ("key", "status", "leaseUntil", "expiresAt", "createdAt")
  SELECT k, 'running', l, e, n FROM unnest($1::text[], $2::timestamp(3)[], $3::timestamp(3)[], $4::timestamp(3)[]) AS t(k, l, e, n)
  ${CLAIM_ON_CONFLICT}`;
const COMPLETE = `
  UPDATE "WebhookDelivery" AS d SET "status" = 'done', "reply" = u.reply
  FROM unnest($1::text[], $2::text[]) AS u(key, reply) WHERE d."key" = u.key`;
const EPOCH_MS = (column: string) => `(extract(epoch from "${column}") * 1000)::float8 AS "${column}"`;
const GET = `
  SELECT "key", "status", "reply", ${EPOCH_MS("leaseUntil")}, ${EPOCH_MS("expiresAt")}, ${EPOCH_MS("lateSentAt")}, "lateError"
  FROM "WebhookDelivery" WHERE "key" = $1`;
const BIND = `
  INSERT INTO "WebhookBodyBinding" ("key", "bodyHash", "expiresAt", "createdAt")
  SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp(3)[], $4::timestamp(3)[])
  ${BIND_ON_CONFLICT}`;
const HELD = `SELECT "key", "bodyHash" FROM "WebhookBodyBinding" WHERE "key" = ANY($1::text[])`;

/** The first item of each key, in order: an upsert may not touch one row twice. */
function firstPerKey<T extends { key: string }>(items: T[]): Map<string, number> {
  const first = new Map<string, number>();
  items.forEach((item, i) => first.has(item.key) || first.set(item.key, i));
  return first;
}

type Query = <R extends object>(name: string, text: string, values: unknown[]) => Promise<R[]>;

/** The three writes every push makes, each group-committed into one statement per batch. */
function batchedWrites(query: Query) {
  const [nowDate, leaseDate, expiryDate, bindExpiryDate] = [utcDateFormatter(), utcDateFormatter(), utcDateFormatter(), utcDateFormatter()];

  const claimBatch = createGroupCommit<Claim, boolean>(async (claims) => {
    const first = firstPerKey(claims);
    const rows = [...first.values()].map((i) => claims[i] as Claim);
    const owned = await query<{ key: string }>("wx_webhook_claim", CLAIM, [
      rows.map((c) => c.key),
      rows.map((c) => leaseDate(c.now + c.leaseMs)),
      rows.map((c) => expiryDate(c.now + c.ttlMs)),
      rows.map((c) => nowDate(c.now)),
    ]);
    const ownedKeys = new Set(owned.map((row) => row.key));
    return claims.map((claim, i) => first.get(claim.key) === i && ownedKeys.has(claim.key));
  }, { maxBatch: MAX_BATCH, timeoutMs: WRITE_TIMEOUT_MS });

  const completeBatch = createGroupCommit<{ key: string; reply: string | null }, void>(async (completions) => {
    await query("wx_webhook_complete", COMPLETE, [completions.map((c) => c.key), completions.map((c) => c.reply)]);
    return completions.map(() => undefined);
  }, { maxBatch: MAX_BATCH, timeoutMs: WRITE_TIMEOUT_MS });

  const bindBatch = createGroupCommit<Bind, boolean>(async (binds) => {
    const first = firstPerKey(binds);
    const rows = [...first.values()].map((i) => binds[i] as Bind);
    const written = await query<{ key: string }>("wx_webhook_bind", BIND, [
      rows.map((b) => b.key),
      rows.map((b) => b.bodyHash),
      rows.map((b) => bindExpiryDate(b.now + b.ttlMs)),
      rows.map((b) => nowDate(b.now)),
    ]);
    const stored = new Map<string, string>();
    for (const { key } of written) stored.set(key, (binds[first.get(key) as number] as Bind).bodyHash);
    const held = rows.map((b) => b.key).filter((key) => !stored.has(key));
    if (held.length > 0) {
      for (const row of await query<{ key: string; bodyHash: string }>("wx_webhook_held", HELD, [held])) stored.set(row.key, row.bodyHash);
    }
    // A binding purged between the two statements had expired: its key is free again.
    return binds.map((bind) => (stored.get(bind.key) ?? bind.bodyHash) === bind.bodyHash);
  }, { maxBatch: MAX_BATCH, timeoutMs: WRITE_TIMEOUT_MS });

  return { claimBatch, completeBatch, bindBatch };
}

export function createPgWebhookStores(pool: Pool): PgWebhookStores {
  const query: Query = async <R extends object>(name: string, text: string, values: unknown[]) =>
    (await pool.query<R>({ name, text, values })).rows;
  const { claimBatch, completeBatch, bindBatch } = batchedWrites(query);

  const dedup: DedupStore = {
    claim: (key, now, leaseMs, ttlMs) => claimBatch({ key, now, leaseMs, ttlMs }),
    async get(key): Promise<DedupRecord | null> {
      const [row] = await query<DeliveryRow>("wx_webhook_get", GET, [key]);
      if (!row) return null;
      return {
        key: row.key,
        status: row.status as DedupRecord["status"],
        reply: row.reply,
        leaseUntil: row.leaseUntil,
        expiresAt: row.expiresAt,
        ...(row.lateSentAt !== null ? { late: { sentAt: row.lateSentAt } } : {}),
        ...(row.lateError !== null ? { late: { error: row.lateError } } : {}),
      };
    },
    complete: (key, reply) => completeBatch({ key, reply }),
    async defer(key) {
      await pool.query(`UPDATE "WebhookDelivery" SET "status" = 'deferred' WHERE "key" = $1`, [key]);
    },
    async recordLate(key, late) {
      if ("sentAt" in late) await pool.query(`UPDATE "WebhookDelivery" SET "lateSentAt" = $1::timestamp(3) WHERE "key" = $2`, [utcDateText(late.sentAt), key]);
      else await pool.query(`UPDATE "WebhookDelivery" SET "lateError" = $1 WHERE "key" = $2`, [late.error.slice(0, 500), key]);
    },
    async purgeExpired(now) {
      const result = await pool.query(`DELETE FROM "WebhookDelivery" WHERE "expiresAt" < $1::timestamp(3)`, [utcDateText(now)]);
      return result.rowCount ?? 0;
    },
  };

  const bodyBindings: BodyBindingStore = {
    bind: (key, bodyHash, now, ttlMs) => bindBatch({ key, bodyHash, now, ttlMs }),
    async purgeExpired(now) {
      const result = await pool.query(`DELETE FROM "WebhookBodyBinding" WHERE "expiresAt" < $1::timestamp(3)`, [utcDateText(now)]);
      return result.rowCount ?? 0;
    },
  };

  return { dedup, bodyBindings };
}
