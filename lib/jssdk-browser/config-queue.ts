/**
 * Race guard for `wx.config` in a single-page app: quick successive route
 * changes each request a new configuration, but only the latest may win.
 *
 * Tasks run one after another (jweixin keeps ONE global error handler, so two
 * overlapping `wx.config` calls would receive each other's results), a task
 * that became stale before its turn is skipped, and a running task can ask
 * `isCurrent()` after every await to stop early.
 */

export type Scheduled<T> = { stale: false; value: T } | { stale: true };

export interface ConfigQueue {
  schedule<T>(task: (isCurrent: () => boolean) => Promise<T>): Promise<Scheduled<T>>;
  /** Marks every scheduled or running task stale (e.g. on unmount). */
  cancelAll(): void;
}

export function createConfigQueue(): ConfigQueue {
  let generation = 0;
  let tail: Promise<unknown> = Promise.resolve();

  return {
    schedule<T>(task: (isCurrent: () => boolean) => Promise<T>): Promise<Scheduled<T>> {
      const mine = ++generation;
      const isCurrent = (): boolean => mine === generation;
      const run = async (): Promise<Scheduled<T>> => {
        if (!isCurrent()) return { stale: true };
        const value = await task(isCurrent);
        return isCurrent() ? { stale: false, value } : { stale: true };
      };
      const result = tail.then(run, run);
      // A failing task must not block the queue; the caller still sees its rejection.
      tail = result.catch(() => undefined);
      return result;
    },
    cancelAll(): void {
      generation++;
    },
  };
}
