/** Racing work against a timer, written once: the webhook's deadline and its bounded store calls. */

export const TIMED_OUT = Symbol("timed out");
export type Deadline = Promise<typeof TIMED_OUT>;

/** A timer that can be cancelled, so finished requests leave nothing pending. */
export function startDeadline(ms: number): { expired: Deadline; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return { expired, cancel: () => clearTimeout(timer) };
}

/** `work`, or a rejection with `message` once `ms` have passed (the work itself goes on). */
export function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  // Settled by hand rather than Promise.race + finally: every store call of every push goes
  // through here, and this makes two promises instead of five.
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    work.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}
