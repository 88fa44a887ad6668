/**
 * Work that must outlive its response (late replies, purges) without Next's `after()`: the
 * fast entry keeps it here, and a shutdown waits for it within a bounded time.
 */
export type PendingWork = {
  add(work: Promise<unknown>): void;
  readonly size: number;
  /** Resolves when all work has settled (true) or `timeoutMs` passed first (false). */
  drain(timeoutMs: number): Promise<boolean>;
};

export function createPendingWork(): PendingWork {
  const pending = new Set<Promise<unknown>>();
  let idle: (() => void)[] = [];
  return {
    add(work) {
      const tracked = work.then(
        () => undefined,
        () => undefined, // the caller logs its own failures; a rejection must not crash the process
      );
      pending.add(tracked);
      void tracked.then(() => {
        pending.delete(tracked);
        if (pending.size > 0) return;
        const waiting = idle;
        idle = [];
        waiting.forEach((wake) => wake());
      });
    },
    get size() {
      return pending.size;
    },
    drain(timeoutMs) {
      if (pending.size === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        idle.push(() => (clearTimeout(timer), resolve(true)));
      });
    },
  };
}
