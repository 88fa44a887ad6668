/**
 * Group commit: calls that arrive while a write is pending or running are written together,
 * as one statement, when it finishes.
 *
 * Why: under load most of the webhook's database cost is per statement (building the query,
 * preparing it, a round trip, a commit), not per row. Batching only what piles up adds no
 * waiting when the server is idle — a lone call is flushed on the next turn of the event
 * loop — and makes statements larger exactly when there are many calls to share them.
 */
import { withTimeout } from "@wxmp/wechat/timeout";

export type GroupCommitOptions = {
  /** Most items per statement (keeps the statement under the driver's parameter limit). */
  maxBatch: number;
  /**
   * A batch not written within this time is failed (its callers get an error) and the next
   * batch goes ahead, so a database that stops answering cannot hold every later call
   * behind one hung statement. The hung statement itself is not cancelled.
   */
  timeoutMs: number;
  /** Runs the flush later in this turn of the event loop; default setImmediate. */
  schedule?: (run: () => void) => void;
};

type Pending<I, O> = { item: I; resolve: (value: O) => void; reject: (error: unknown) => void };

/**
 * Returns a function whose calls are written in batches by `write`, which must return one
 * result per item, in order. One batch is written at a time; a failed (or timed-out) batch
 * rejects its own calls only.
 */
export function createGroupCommit<I, O>(
  write: (items: I[]) => Promise<O[]>,
  options: GroupCommitOptions,
): (item: I) => Promise<O> {
  const maxBatch = Math.max(1, Math.floor(options.maxBatch));
  const schedule = options.schedule ?? ((run: () => void) => void setImmediate(run));
  let queue: Pending<I, O>[] = [];
  let busy = false; // a flush is scheduled or running

  async function flush(): Promise<void> {
    const batch = queue.length > maxBatch ? queue.splice(0, maxBatch) : queue;
    if (batch === queue) queue = [];
    try {
      const written = write(batch.map((pending) => pending.item));
      written.catch(() => undefined); // a write that fails after its batch timed out is nobody's error
      const results = await withTimeout(written, options.timeoutMs, `group commit: no answer within ${options.timeoutMs} ms`);
      if (results.length !== batch.length) {
        throw new Error(`group commit: ${results.length} results for ${batch.length} items`);
      }
      batch.forEach((pending, i) => pending.resolve(results[i] as O));
    } catch (error) {
      batch.forEach((pending) => pending.reject(error));
    } finally {
      if (queue.length > 0) schedule(() => void flush());
      else busy = false;
    }
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!busy) {
        busy = true;
        schedule(() => void flush());
      }
    });
}
