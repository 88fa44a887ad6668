import "server-only";
import BetterSqlite3, { type Database } from "better-sqlite3";
import { silentLogger, type Logger } from "@wxmp/wechat/types";
import type { BodyBindingStore } from "@wxmp/wechat/webhook/body-binding";
import type { DedupRecord, DedupStore } from "@wxmp/wechat/webhook/dedup";
import { createSqliteBatchWriter } from "./sqlite-batch-writer";
import { startCheckpointer, type Checkpointer } from "./sqlite-checkpointer";
import { utcDateFormatter, utcDateText } from "./utc-date-text";
import { BIND_ON_CONFLICT, CLAIM_ON_CONFLICT } from "./webhook-upserts";

/** Most operations per transaction (each is one prepared statement: no parameter limit applies). */
const MAX_BATCH = 500;
/** Longer than the webhook's own bound on a store call (at most 1 s), as in pg-webhook-stores.ts. */
const WRITE_TIMEOUT_MS = 2_000;
/**
 * Expired rows deleted per statement. A minute's pushes at a few thousand a second are hundreds
 * of thousands of rows; deleted in one synchronous statement they would stall every push for
 * that long. In chunks, other writes go between them.
 */
const PURGE_CHUNK = 2_000;
/** A few hundred pushes' pages per checkpoint under load; next to nothing when idle. */
const CHECKPOINT_EVERY_MS = 200;

/**
 * The webhook's two stores (exactly-once claims, plaintext body bindings) on the SQLite file,
 * through statements prepared once on a connection of their own, instead of through Prisma.
 *
 * Why: these are the writes every push makes (two or three), and through Prisma each one is
 * built, interpreted and `prepare`d again — measured at about 40 % of the self-hosted fast
 * entry's CPU per push (docs/benchmarks.md). The upserts are shared with the PostgreSQL stores
 * (webhook-upserts.ts); dates are written as Prisma's SQLite adapter writes them (ISO 8601,
 * `+00:00`), so Prisma reads these rows (the console's delivery list) and text comparison orders them.
 * Writes go through sqlite-batch-writer.ts: one transaction per turn of the event loop.
 */
export type SqliteWebhookStores = { dedup: DedupStore; bodyBindings: BodyBindingStore; close(): Promise<void> };

type DeliveryRow = {
  key: string;
  status: string;
  reply: string | null;
  leaseUntil: string;
  expiresAt: string;
  lateSentAt: string | null;
  lateError: string | null;
};

/**
 * The WAL goes back into the file on a thread of its own (sqlite-checkpointer.ts), so a
 * checkpoint's fsync never stops this process; should that thread fail, the connection
 * checkpoints itself again, as SQLite does by default (every 1000 pages).
 */
function checkpointOffThread(sqlite: Database, file: string, logger: Logger): Checkpointer | null {
  const fallBack = (reason: string) => {
    logger.warn("sqlite: checkpointing on the main thread again", { reason });
    if (sqlite.open) sqlite.pragma("wal_autocheckpoint = 1000");
  };
  try {
    const checkpointer = startCheckpointer(file, { intervalMs: CHECKPOINT_EVERY_MS, onFailure: fallBack });
    sqlite.pragma("wal_autocheckpoint = 0");
    return checkpointer;
  } catch (error) {
    fallBack(error instanceof Error ? error.message : String(error));
    return null;
  }
}

/** The statements of both stores, prepared once on their connection. */
function prepareStatements(sqlite: Database) {
  const claim = sqlite.prepare<[string, string, string, string], { key: string }>(`
    INSERT INTO "WebhookDelivery" ("key", "status", "leaseUntil", "expiresAt", "createdAt")
    VALUES (?, 'running', ?, ?, ?) ${CLAIM_ON_CONFLICT}`);
  const complete = sqlite.prepare<[string | null, string]>(`UPDATE "WebhookDelivery" SET "status" = 'done', "reply" = ? WHERE "key" = ?`);
  const defer = sqlite.prepare<[string]>(`UPDATE "WebhookDelivery" SET "status" = 'deferred' WHERE "key" = ?`);
  const lateSent = sqlite.prepare<[string, string]>(`UPDATE "WebhookDelivery" SET "lateSentAt" = ? WHERE "key" = ?`);
  const lateFailed = sqlite.prepare<[string, string]>(`UPDATE "WebhookDelivery" SET "lateError" = ? WHERE "key" = ?`);
  const getDelivery = sqlite.prepare<[string], DeliveryRow>(`
    SELECT "key", "status", "reply", "leaseUntil", "expiresAt", "lateSentAt", "lateError" FROM "WebhookDelivery" WHERE "key" = ?`);
  const purgeDeliveries = sqlite.prepare<[string]>(`
    DELETE FROM "WebhookDelivery" WHERE rowid IN (SELECT rowid FROM "WebhookDelivery" WHERE "expiresAt" < ? LIMIT ${PURGE_CHUNK})`);

  const bind = sqlite.prepare<[string, string, string, string], { key: string }>(`
    INSERT INTO "WebhookBodyBinding" ("key", "bodyHash", "expiresAt", "createdAt") VALUES (?, ?, ?, ?) ${BIND_ON_CONFLICT}`);
  const boundHash = sqlite.prepare<[string], { bodyHash: string }>(`SELECT "bodyHash" FROM "WebhookBodyBinding" WHERE "key" = ?`);
  const purgeBindings = sqlite.prepare<[string]>(`
    DELETE FROM "WebhookBodyBinding" WHERE rowid IN (SELECT rowid FROM "WebhookBodyBinding" WHERE "expiresAt" < ? LIMIT ${PURGE_CHUNK})`);
  return { claim, complete, defer, lateSent, lateFailed, getDelivery, purgeDeliveries, bind, boundHash, purgeBindings };
}

export function openSqliteWebhookStores(file: string, logger: Logger = silentLogger): SqliteWebhookStores {
  const sqlite = new BetterSqlite3(file, { fileMustExist: true }); // created and migrated by scripts/db/migrate.mjs
  let statements: ReturnType<typeof prepareStatements>;
  try {
    statements = prepareStatements(sqlite); // fails on a file not migrated yet: the caller tries again later
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const { claim, complete, defer, lateSent, lateFailed, getDelivery, purgeDeliveries, bind, boundHash, purgeBindings } = statements;
  const write = createSqliteBatchWriter(sqlite, { maxBatch: MAX_BATCH, timeoutMs: WRITE_TIMEOUT_MS });
  const purgeInChunks = async (deleteChunk: () => number): Promise<number> => {
    let total = 0;
    for (let deleted = PURGE_CHUNK; deleted === PURGE_CHUNK; total += deleted) deleted = await write(deleteChunk);
    return total;
  };
  const checkpointer = checkpointOffThread(sqlite, file, logger);
  // One formatter per kind of date, so that each sees its own dates move forward.
  const [nowDate, leaseDate, expiryDate, bindExpiryDate] = [utcDateFormatter(), utcDateFormatter(), utcDateFormatter(), utcDateFormatter()];

  const dedup: DedupStore = {
    claim: (key, now, leaseMs, ttlMs) =>
      write(() => claim.get(key, leaseDate(now + leaseMs), expiryDate(now + ttlMs), nowDate(now)) !== undefined),
    async get(key): Promise<DedupRecord | null> {
      const row = getDelivery.get(key);
      if (!row) return null;
      return {
        key: row.key,
        status: row.status as DedupRecord["status"],
        reply: row.reply,
        leaseUntil: Date.parse(row.leaseUntil),
        expiresAt: Date.parse(row.expiresAt),
        ...(row.lateSentAt !== null ? { late: { sentAt: Date.parse(row.lateSentAt) } } : {}),
        ...(row.lateError !== null ? { late: { error: row.lateError } } : {}),
      };
    },
    complete: (key, reply) => write(() => void complete.run(reply, key)),
    defer: (key) => write(() => void defer.run(key)),
    recordLate: (key, late) =>
      write(() => void ("sentAt" in late ? lateSent.run(utcDateText(late.sentAt), key) : lateFailed.run(late.error.slice(0, 500), key))),
    purgeExpired: (now) => purgeInChunks(() => purgeDeliveries.run(utcDateText(now)).changes),
  };

  const bodyBindings: BodyBindingStore = {
    bind: (key, bodyHash, now, ttlMs) =>
      write(() => {
        if (bind.get(key, bodyHash, bindExpiryDate(now + ttlMs), nowDate(now)) !== undefined) return true;
        // Held: by this body (WeChat's retry) or another (a replayed query).
        return boundHash.get(key)?.bodyHash === bodyHash;
      }),
    purgeExpired: (now) => purgeInChunks(() => purgeBindings.run(utcDateText(now)).changes),
  };

  return {
    dedup,
    bodyBindings,
    async close() {
      await checkpointer?.stop();
      sqlite.close();
    },
  };
}
