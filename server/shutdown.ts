/**
 * Graceful stop for the fast entry: on SIGTERM/SIGINT stop accepting connections, let the
 * requests in flight answer (pages included: they complete through the page process, which is
 * still running), finish pending late replies, then stop the page process (`after`) — all within
 * `graceMs` — and exit.
 */
import type { Server } from "node:http";
import type { Logger } from "@wxmp/wechat/types";
import type { PendingWork } from "./pending-work";

export type ShutdownOptions = {
  server: Server;
  pending: PendingWork;
  /** Bound on the whole stop; a systemd/Docker stop timeout is usually 10 s or more. */
  graceMs: number;
  logger: Pick<Logger, "info" | "warn">;
  exit: (code: number) => void;
  /** Last step with the time left (the page process's stop); false = it did not finish cleanly. */
  after?: (leftMs: number) => Promise<boolean>;
};

/**
 * server.close() that does not wait for keep-alive timeouts: idle connections are closed now, and
 * busy ones as soon as their request is answered (close() alone closes only those idle at the call).
 */
export function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 25).unref();
  void closed.then(() => clearInterval(sweep));
  return closed;
}

/** Stops the server and drains its work; resolves to the exit code (0 = nothing left behind). */
export async function shutdown(o: ShutdownOptions): Promise<number> {
  const started = Date.now();
  const closed = closeServer(o.server);
  const left = () => Math.max(0, o.graceMs - (Date.now() - started));
  const inFlight = await Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), left()).unref())]);
  // Late replies added by the last requests are in the list by now.
  const drained = await o.pending.drain(left());
  if (!inFlight) o.server.closeAllConnections();
  const afterDone = o.after ? await o.after(left()) : true;
  if (!inFlight || !drained || !afterDone) {
    o.logger.warn("fast entry: stopped before all work finished", { pending: o.pending.size, requestsDone: inFlight, pagesStopped: afterDone });
    o.server.closeAllConnections();
    return 1;
  }
  o.logger.info("fast entry: stopped cleanly", { ms: Date.now() - started });
  return 0;
}

/** Installs the signal handlers (once; a second signal exits at once). */
export function stopOnSignals(o: ShutdownOptions): void {
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (stopping) return o.exit(1);
      stopping = true;
      o.logger.info(`fast entry: ${signal}, finishing pending work`, { pending: o.pending.size, graceMs: o.graceMs });
      void shutdown(o).then(o.exit);
    });
  }
}
