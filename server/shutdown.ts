/**
 * Graceful stop for the fast entry: on SIGTERM/SIGINT stop accepting connections, let the
 * requests in flight answer, finish pending late replies within `graceMs`, then exit.
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
};

/** Stops the server and drains its work; resolves to the exit code (0 = nothing left behind). */
export async function shutdown(o: ShutdownOptions): Promise<number> {
  const started = Date.now();
  const closed = new Promise<void>((resolve) => o.server.close(() => resolve()));
  // Idle keep-alive sockets would hold close() open; busy ones finish their request first.
  o.server.closeIdleConnections();
  const left = () => Math.max(0, o.graceMs - (Date.now() - started));
  const inFlight = await Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), left()).unref())]);
  // Late replies added by the last requests are in the list by now.
  const drained = await o.pending.drain(left());
  if (!inFlight || !drained) {
    o.logger.warn("fast entry: stopped before all work finished", { pending: o.pending.size, requestsDone: inFlight });
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
