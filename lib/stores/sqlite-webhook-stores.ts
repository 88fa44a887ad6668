import "server-only";
import BetterSqlite3 from "better-sqlite3";
import type { BodyBindingStore } from "../wechat/webhook/body-binding";
import type { DedupRecord, DedupStore } from "../wechat/webhook/dedup";
import { createSqliteBatchWriter } from "./sqlite-batch-writer";

/** Most operations per transaction (each is one prepared statement: no parameter limit applies). */
const MAX_BATCH = 500;
/** As for the Prisma stores: longer than the webhook's own bound on a store call (at most 1 s). */
const WRITE_TIMEOUT_MS = 2_000;

/**
 * The webhook's two stores (exactly-once claims, plaintext body bindings) on the SQLite file,
 * through statements prepared once on a connection of their own, instead of through Prisma.
 *
 * Why: these are the writes every push makes (two or three), and through Prisma each one is
 * built, interpreted and `prepare`d again — measured at about 40 % of the self-hosted fast
 * entry's CPU per push (docs/benchmarks.md). The tables, columns and semantics are those of the
 * Prisma stores (prisma-dedup-store.ts, prisma-body-binding-store.ts), which PostgreSQL keeps
 * using; dates are written as Prisma's SQLite adapter writes them (ISO 8601, `+00:00`), so Prisma
 * reads these rows (the console's delivery list) and text comparison orders them.
 * Writes go through sqlite-batch-writer.ts: one transaction per turn of the event loop.
 */
export type SqliteWebhookStores = { dedup: DedupStore; bodyBindings: BodyBindingStore; close(): void };

/** A date as Prisma's better-sqlite3 adapter stores DateTime: `2026-12-02T03:54:15.774+00:00`. */
export const toSqliteDate = (ms: number): string => new Date(ms).toISOString().replace("Z", "+00:00");

/**
 * `toSqliteDate` for a caller whose dates move forward: the date and time up to the second are
 * formatted once per second, the milliseconds appended. (Formatting a Date three times per push
 * was 4 % of the fast entry's CPU.)
 */
export function sqliteDateFormatter(): (ms: number) => string {
  let second = Number.NaN;
  let head = "";
  return (ms) => {
    const whole = Math.trunc(ms); // as Date does
    const s = Math.floor(whole / 1000);
    if (s !== second) {
      second = s;
      head = toSqliteDate(s * 1000).slice(0, 20); // "2026-12-02T03:54:15."
    }
    const milli = whole - s * 1000;
    return `${head}${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}+00:00`;
  };
}

type DeliveryRow = {
  key: string;
  status: string;
  reply: string | null;
  leaseUntil: string;
  expiresAt: string;
  lateSentAt: string | null;
  lateError: string | null;
};

export function openSqliteWebhookStores(file: string): SqliteWebhookStores {
  const sqlite = new BetterSqlite3(file, { fileMustExist: true }); // created and migrated by scripts/db/migrate.mjs
  // The WAL is copied back into the file (a checkpoint, with an fsync) by the commit that takes it
  // past this many pages. The default, 1000 (4 MB), checkpoints every second or so under load,
  // rewriting the same hot index pages each time; 10000 (40 MB of disk at most) measured a third
  // less commit time per batch. Readers are unaffected; the setting is this connection's.
  sqlite.pragma("wal_autocheckpoint = 10000");
  const write = createSqliteBatchWriter(sqlite, { maxBatch: MAX_BATCH, timeoutMs: WRITE_TIMEOUT_MS });

  // A claim: insert, or take over a record that expired or whose owner's lease ran out (as in
  // prisma-dedup-store.ts); RETURNING a row means this caller owns the push.
  const claim = sqlite.prepare<[string, string, string, string], { key: string }>(`
    INSERT INTO "WebhookDelivery" ("key", "status", "leaseUntil", "expiresAt", "createdAt")
    VALUES (?, 'running', ?, ?, ?)
    ON CONFLICT ("key") DO UPDATE SET
      "status" = 'running', "reply" = NULL, "lateSentAt" = NULL, "lateError" = NULL,
      "leaseUntil" = excluded."leaseUntil", "expiresAt" = excluded."expiresAt", "createdAt" = excluded."createdAt"
    WHERE "WebhookDelivery"."expiresAt" < excluded."createdAt"
       OR ("WebhookDelivery"."status" = 'running' AND "WebhookDelivery"."leaseUntil" < excluded."createdAt")
    RETURNING "key"`);
  const complete = sqlite.prepare<[string | null, string]>(`UPDATE "WebhookDelivery" SET "status" = 'done', "reply" = ? WHERE "key" = ?`);
  const defer = sqlite.prepare<[string]>(`UPDATE "WebhookDelivery" SET "status" = 'deferred' WHERE "key" = ?`);
  const lateSent = sqlite.prepare<[string, string]>(`UPDATE "WebhookDelivery" SET "lateSentAt" = ? WHERE "key" = ?`);
  const lateFailed = sqlite.prepare<[string, string]>(`UPDATE "WebhookDelivery" SET "lateError" = ? WHERE "key" = ?`);
  const getDelivery = sqlite.prepare<[string], DeliveryRow>(`
    SELECT "key", "status", "reply", "leaseUntil", "expiresAt", "lateSentAt", "lateError" FROM "WebhookDelivery" WHERE "key" = ?`);
  const purgeDeliveries = sqlite.prepare<[string]>(`DELETE FROM "WebhookDelivery" WHERE "expiresAt" < ?`);

  // A bind: insert, or replace a binding whose expiry passed; otherwise the stored hash decides.
  const bind = sqlite.prepare<[string, string, string, string], { key: string }>(`
    INSERT INTO "WebhookBodyBinding" ("key", "bodyHash", "expiresAt", "createdAt") VALUES (?, ?, ?, ?)
    ON CONFLICT ("key") DO UPDATE SET
      "bodyHash" = excluded."bodyHash", "expiresAt" = excluded."expiresAt", "createdAt" = excluded."createdAt"
    WHERE "WebhookBodyBinding"."expiresAt" < excluded."createdAt"
    RETURNING "key"`);
  const boundHash = sqlite.prepare<[string], { bodyHash: string }>(`SELECT "bodyHash" FROM "WebhookBodyBinding" WHERE "key" = ?`);
  const purgeBindings = sqlite.prepare<[string]>(`DELETE FROM "WebhookBodyBinding" WHERE "expiresAt" < ?`);

  // One formatter per kind of date, so that each sees its own dates move forward.
  const [nowDate, leaseDate, expiryDate, bindExpiryDate] = [sqliteDateFormatter(), sqliteDateFormatter(), sqliteDateFormatter(), sqliteDateFormatter()];

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
      write(() => void ("sentAt" in late ? lateSent.run(toSqliteDate(late.sentAt), key) : lateFailed.run(late.error.slice(0, 500), key))),
    purgeExpired: (now) => write(() => purgeDeliveries.run(toSqliteDate(now)).changes),
  };

  const bodyBindings: BodyBindingStore = {
    bind: (key, bodyHash, now, ttlMs) =>
      write(() => {
        if (bind.get(key, bodyHash, bindExpiryDate(now + ttlMs), nowDate(now)) !== undefined) return true;
        // Held: by this body (WeChat's retry) or another (a replayed query).
        return boundHash.get(key)?.bodyHash === bodyHash;
      }),
    purgeExpired: (now) => write(() => purgeBindings.run(toSqliteDate(now)).changes),
  };

  return { dedup, bodyBindings, close: () => sqlite.close() };
}
