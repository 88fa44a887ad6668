import "server-only";
import type { Database } from "better-sqlite3";
import { createGroupCommit } from "./group-commit";

/**
 * Reads on a better-sqlite3 connection, batched: the reads that pile up during one turn of the
 * event loop run in one read transaction.
 *
 * Why: a statement outside a transaction is its own read transaction, and taking and dropping
 * SQLite's read lock (the WAL index's read mark, its file locks) costs more than a lookup by
 * primary key: about 10 µs a read alone against 4 µs each, ten to a transaction, on the
 * development machine. A WeChat Pay notification reads its order once, so under load the
 * notifications of one turn share that cost. A lone read runs alone, on the next turn.
 *
 * A read transaction never waits in WAL mode and never blocks a writer. While the connection
 * is inside a write transaction (the batch writer waiting to commit), the reads run inside it,
 * as any statement on the connection would.
 */
export type SqliteBatchReader = <T>(operation: () => T) => Promise<T>;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Most reads per transaction. */
const MAX_BATCH = 500;
/** Reads are synchronous and short; the bound only protects callers from a bug. */
const TIMEOUT_MS = 5_000;

export function createSqliteBatchReader(sqlite: Database): SqliteBatchReader {
  const begin = sqlite.prepare("BEGIN DEFERRED");
  const end = sqlite.prepare("COMMIT");
  const batch = createGroupCommit<() => unknown, Outcome>(
    async (operations) => {
      const wrap = operations.length > 1 && !sqlite.inTransaction;
      if (wrap) begin.run();
      try {
        return operations.map((operation): Outcome => {
          try {
            return { ok: true, value: operation() };
          } catch (error) {
            return { ok: false, error };
          }
        });
      } finally {
        if (wrap && sqlite.inTransaction) end.run();
      }
    },
    { maxBatch: MAX_BATCH, timeoutMs: TIMEOUT_MS },
  );
  return <T>(operation: () => T): Promise<T> =>
    batch(operation).then((outcome): T => {
      if (!outcome.ok) throw outcome.error;
      return outcome.value as T;
    });
}
