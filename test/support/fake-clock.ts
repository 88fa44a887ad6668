/**
 * A manual clock for unit tests, with a `sleep` that advances it instead of
 * waiting, yielding one macrotask so that other pending work can progress.
 */
export interface FakeClock {
  /** Current fake time in ms. Pass as `clock`. */
  now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
  /** Advances the clock by `ms`, then yields to the event loop. Pass as `sleep`. */
  sleep: (ms: number) => Promise<void>;
  /** Every duration passed to `sleep`, in order. */
  readonly sleeps: number[];
}

/** Starts at 2024-01-01T00:00:00Z unless told otherwise. */
export function createFakeClock(start = Date.UTC(2024, 0, 1)): FakeClock {
  let current = start;
  const sleeps: number[] = [];
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
    set(ms) {
      current = ms;
    },
    sleeps,
    async sleep(ms) {
      sleeps.push(ms);
      current += ms;
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
  };
}
