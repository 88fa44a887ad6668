import "server-only";
import type { Database } from "better-sqlite3";
import { silentLogger, type Logger } from "@wxmp/wechat/types";
import type { BodyBindingStore } from "@wxmp/wechat/webhook/body-binding";
import type { DedupRecord, DedupStore } from "@wxmp/wechat/webhook/dedup";
import { openSqliteConnection, type SqliteConnection } from "./sqlite-connection";
import { utcDateFormatter, utcDateText } from "./utc-date-text";
import { BIND_ON_CONFLICT, CLAIM_ON_CONFLICT } from "./webhook-upserts";

/**
 * Expired rows deleted per statement. A minute's pushes at a few thousand a second are hundreds
 * of thousands of rows; deleted in one synchronous statement they would stall every push for
 * that long. In chunks, other writes go between them.
 */
const PURGE_CHUNK = 2_000;

/**
 * The webhook's two stores (exactly-once claims, plaintext body bindings) on the SQLite file,
 * through statements prepared once on a connection of their own, instead of through Prisma.
 *
 * Why: these are the writes every push makes (two or three), and through Prisma each one is
 * built, interpreted and `prepare`d again — measured at about 40 % of the self-hosted fast
 * entry's CPU per push (docs/benchmarks.md). The upserts are shared with the PostgreSQL stores
 * (webhook-upserts.ts); dates are written as Prisma's SQLite adapter writes them (ISO 8601,
 * `+00:00`), so Prisma reads these rows (the console's delivery list) and text comparison orders them.
 * Writes go through the connection's batch writer (sqlite-connection.ts): one transaction per
 * turn of the event loop.
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

/**
 * The stores on `source`: a file (a connection of their own, closed by `close()`) or a connection
 * shared with other stores (lib/wiring/stores.ts; its owner closes it, `close()` does not).
 */
export function openSqliteWebhookStores(source: string | SqliteConnection, logger: Logger = silentLogger): SqliteWebhookStores {
  const own = typeof source === "string";
  const { connection, statements } = own ? openSqliteConnection(source, prepareStatements, logger) : { connection: source, statements: prepareStatements(source.sqlite) };
  const { write } = connection;
  const { claim, complete, defer, lateSent, lateFailed, getDelivery, purgeDeliveries, bind, boundHash, purgeBindings } = statements;
  const purgeInChunks = async (deleteChunk: () => number): Promise<number> => {
    let total = 0;
    for (let deleted = PURGE_CHUNK; deleted === PURGE_CHUNK; total += deleted) deleted = await write(deleteChunk);
    return total;
  };
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
      if (own) await connection.close();
    },
  };
}
