/**
 * A store opened on first use. Until then (and after a failed open) each call waits for
 * the open; once open, calls go straight to the store with no extra await. A database that
 * is down makes the calls fail, which the webhook degrades around; the next call tries again.
 */
export function lazyStore<S extends object>(open: () => Promise<S>): S {
  let ready: S | undefined;
  let opening: Promise<S> | undefined;
  const opened = (): Promise<S> =>
    (opening ??= open()
      .then((store) => (ready = store))
      .catch((error: unknown) => {
        opening = undefined;
        throw error;
      }));
  return new Proxy({} as S, {
    get(_target, property) {
      return (...args: unknown[]) => {
        const call = (store: S) => (Reflect.get(store, property) as (...a: unknown[]) => unknown).apply(store, args);
        return ready ? call(ready) : opened().then(call);
      };
    },
  });
}
