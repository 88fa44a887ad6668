import "server-only";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";

/**
 * Checkpoints a SQLite file's write-ahead log (copies it back into the database file) on a
 * thread of its own, every `intervalMs`.
 *
 * Why: by default the commit that takes the WAL past `wal_autocheckpoint` pages runs the
 * checkpoint itself, and a checkpoint ends in an fsync of the database file. better-sqlite3 is
 * synchronous, so that wait stops Node's only thread: under webhook load it cost the fast entry
 * a fifth of its throughput and tripled its p99 (docs/benchmarks.md). A PASSIVE checkpoint never
 * waits for writers or readers, so this thread does not hold up the connections that write.
 * The source is inline (an eval worker) so that both the fast-entry bundle and Next's server
 * build carry it without a second entry point; the driver is resolved from the project, as
 * `next start` and `npm start` run there.
 *
 * @see https://www.sqlite.org/wal.html#checkpointing
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
  }
}, workerData.intervalMs);
parentPort.on("message", (message) => {
  if (message !== "stop") return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export type Checkpointer = {
  /** Stops the thread after its current checkpoint; resolves when it has closed the file. */
  stop(): Promise<void>;
};

export type CheckpointerOptions = {
  intervalMs: number;
  /** A checkpoint failed, or the thread stopped on its own: the caller goes back to checkpointing itself. */
  onFailure: (reason: string) => void;
};

export function startCheckpointer(file: string, options: CheckpointerOptions): Checkpointer {
  const driver = createRequire(path.join(process.cwd(), "package.json")).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, intervalMs: options.intervalMs } });
  worker.unref(); // never what keeps the process alive
  let stopping = false;
  let failed = false;
  const fail = (reason: string) => {
    if (failed || stopping) return;
    failed = true;
    options.onFailure(reason);
    void worker.terminate();
  };
  worker.on("message", (message: { error?: string }) => fail(`checkpoint failed: ${message.error ?? "unknown"}`));
  worker.on("error", (error) => fail(`checkpoint thread failed: ${error.message}`));
  worker.on("exit", (code) => fail(`checkpoint thread exited (code ${code})`));
  return {
    async stop() {
      if (stopping || failed) return;
      stopping = true;
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      worker.postMessage("stop");
      await exited;
    },
  };
}
