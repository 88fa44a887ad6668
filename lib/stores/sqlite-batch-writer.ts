import "server-only";
import type { Database } from "better-sqlite3";
import { createGroupCommit } from "./group-commit";

/**
 * Write transactions on a better-sqlite3 connection, batched and never blocking on a lock.
 *
 * Why batched: every write that piles up while one transaction runs goes into the next one,
 * so concurrent webhook pushes share a commit (see group-commit.ts).
 *
 * Why never blocking: better-sqlite3 is synchronous, so SQLite's busy handler would sleep on
 * Node's only thread. When the lock is held by another connection of this same process (Prisma's,
 * inside an interactive transaction that awaits), that sleep would stop the very event loop the
 * holder needs to finish: a deadlock until the timeout. So the connection has no busy timeout
 * (`SQLITE_BUSY` comes back at once) and the writer waits for the lock with timers instead,
 * retrying `BEGIN IMMEDIATE` (and, in a rollback journal, `COMMIT`) until `timeoutMs`.
 *
 * @see https://www.sqlite.org/lang_transaction.html
 */
export type SqliteBatchWriter = <T>(operation: () => T) => Promise<T>;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export type SqliteBatchWriterOptions = {
  /** Most operations per transaction. */
  maxBatch: number;
  /** A batch that cannot take the lock (or commit) within this time fails; so do its callers. */
  timeoutMs: number;
  /** Waits between attempts; tests inject a fake. */
  sleep?: (ms: number) => Promise<void>;
};

const isBusy = (error: unknown): boolean =>
  typeof error === "object" && error !== null && /^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: unknown }).code));

/**
 * Returns `write(operation)`: runs `operation` (synchronous statements on `sqlite`) inside the
 * next batch's transaction and resolves with its result. An operation that throws fails alone
 * (SQLite undoes its statement); a transaction that cannot begin or commit fails its batch.
 */
export function createSqliteBatchWriter(sqlite: Database, options: SqliteBatchWriterOptions): SqliteBatchWriter {
  sqlite.pragma("busy_timeout = 0");
  const begin = sqlite.prepare("BEGIN IMMEDIATE");
  const commit = sqlite.prepare("COMMIT");
  const rollback = sqlite.prepare("ROLLBACK");
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  /** Runs `step` until it does not report busy, backing off 1, 2, 4 … 32 ms; throws after `timeoutMs`. */
  async function untilFree(step: () => void, started: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        step();
        return;
      } catch (error) {
        if (!isBusy(error) || Date.now() - started >= options.timeoutMs) throw error;
      }
      await sleep(Math.min(32, 2 ** attempt));
    }
  }

  const batch = createGroupCommit<() => unknown, Outcome>(
    async (operations) => {
      const started = Date.now();
      await untilFree(() => begin.run(), started);
      try {
        const outcomes = operations.map((operation): Outcome => {
          try {
            return { ok: true, value: operation() };
          } catch (error) {
            return { ok: false, error };
          }
        });
        // In WAL mode COMMIT never waits; in a rollback journal it waits for readers to finish.
        await untilFree(() => commit.run(), started);
        return outcomes;
      } catch (error) {
        if (sqlite.inTransaction) rollback.run();
        throw error;
      }
    },
    // The group commit's own bound is a backstop: the lock wait above gives up first.
    { maxBatch: options.maxBatch, timeoutMs: options.timeoutMs + 1000 },
  );

  return <T>(operation: () => T): Promise<T> =>
    batch(operation).then((outcome): T => {
      if (!outcome.ok) throw outcome.error;
      return outcome.value as T;
    });
}
