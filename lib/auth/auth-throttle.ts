/**
 * Limits failed authentication attempts per client address. The counter lives in a store
 * shared by every instance (the database in the app), so spreading guesses over instances
 * does not help. Fixed window: the first failure opens a window; the Nth failure inside it
 * blocks every further attempt from that address until the window ends. A right secret
 * presented before that clears the address's count: only someone who holds the secret can
 * clear it, and an operator's own typos do not add up over a day of work.
 */

export interface FailureWindow {
  count: number;
  /** Epoch ms of the first failure of the window. */
  windowStart: number;
}

/** Where the counters live. `recordFailure` must be atomic across processes. */
export interface FailureStore {
  get(key: string): Promise<FailureWindow | null>;
  /** Adds one failure: increments a window younger than `windowMs`, else starts a new one at `now`. */
  recordFailure(key: string, now: number, windowMs: number): Promise<void>;
  /** Forgets the key's failures (a right secret was presented while not blocked). */
  clear(key: string): Promise<void>;
}

export interface ThrottleOptions {
  store: FailureStore;
  now?: () => number;
  /** Failures allowed per window (default 10). */
  maxFailures?: number;
  /** Window length in ms (default 10 minutes). */
  windowMs?: number;
}

export type ThrottleVerdict = { blocked: false } | { blocked: true; retryAfterSeconds: number };

export interface AuthThrottle {
  /** Whether `key` may try again now. */
  check(key: string): Promise<ThrottleVerdict>;
  /** Counts one failed attempt of `key`. */
  fail(key: string): Promise<void>;
  /** A right secret from `key` while it was not blocked: its count starts again. */
  succeed(key: string): Promise<void>;
}

export function createAuthThrottle(options: ThrottleOptions): AuthThrottle {
  const now = options.now ?? Date.now;
  const maxFailures = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 10 * 60 * 1000;
  return {
    async check(key) {
      const window = await options.store.get(key);
      if (!window || window.count < maxFailures) return { blocked: false };
      const remaining = window.windowStart + windowMs - now();
      if (remaining <= 0) return { blocked: false };
      return { blocked: true, retryAfterSeconds: Math.ceil(remaining / 1000) };
    },
    fail: (key) => options.store.recordFailure(key, now(), windowMs),
    succeed: (key) => options.store.clear(key),
  };
}

/** An in-process store for unit tests and single-process tools. */
export function createMemoryFailureStore(): FailureStore {
  const windows = new Map<string, FailureWindow>();
  return {
    get: async (key) => windows.get(key) ?? null,
    async recordFailure(key, now, windowMs) {
      const current = windows.get(key);
      if (current && current.windowStart > now - windowMs) current.count++;
      else windows.set(key, { count: 1, windowStart: now });
    },
    clear: async (key) => void windows.delete(key),
  };
}
