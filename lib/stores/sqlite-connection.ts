import "server-only";
import BetterSqlite3, { type Database } from "better-sqlite3";
import { silentLogger, type Logger } from "@wxmp/wechat/types";
import { createSqliteBatchReader, type SqliteBatchReader } from "./sqlite-batch-reader";
import { createSqliteBatchWriter, type SqliteBatchWriter } from "./sqlite-batch-writer";
import { startCheckpointer, type Checkpointer } from "./sqlite-checkpointer";

/** Most operations per transaction (each is one prepared statement: no parameter limit applies). */
const MAX_BATCH = 500;
/** Longer than the webhook's own bound on a store call (at most 1 s), as in pg-webhook-stores.ts. */
const WRITE_TIMEOUT_MS = 2_000;
/** A few hundred pushes' pages per checkpoint under load; next to nothing when idle. */
const CHECKPOINT_EVERY_MS = 200;

/**
 * One better-sqlite3 connection to the app's SQLite file for the stores that skip Prisma on the
 * hot paths (the webhook's, sqlite-webhook-stores.ts; WeChat Pay's, lib/pay/sqlite-store.ts):
 * its batch writer (sqlite-batch-writer.ts: one transaction per turn of the event loop), its
 * batch reader for the hot reads (sqlite-batch-reader.ts) and its checkpointer. Shared by those stores in a process, so their writes share commits and never
 * wait for each other's write lock.
 */
export type SqliteConnection = { sqlite: Database; write: SqliteBatchWriter; read: SqliteBatchReader; close(): Promise<void> };

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

/**
 * Opens the connection. `prepare` runs first and fails on a file not migrated yet (the caller
 * tries again later); the connection is then closed and no checkpointer started.
 */
export function openSqliteConnection<S>(file: string, prepare: (sqlite: Database) => S, logger: Logger = silentLogger): { connection: SqliteConnection; statements: S } {
  const sqlite = new BetterSqlite3(file, { fileMustExist: true }); // created and migrated by scripts/db/migrate.mjs
  let statements: S;
  try {
    statements = prepare(sqlite);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const write = createSqliteBatchWriter(sqlite, { maxBatch: MAX_BATCH, timeoutMs: WRITE_TIMEOUT_MS });
  const read = createSqliteBatchReader(sqlite);
  const checkpointer = checkpointOffThread(sqlite, file, logger);
  const connection: SqliteConnection = {
    sqlite,
    write,
    read,
    async close() {
      await checkpointer?.stop();
      if (sqlite.open) sqlite.close();
    },
  };
  return { connection, statements };
}
