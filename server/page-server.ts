/**
 * The page process's server: Next's request handler on the private Unix socket, the client's
 * address taken from the front's header (lib/http/peer-address.ts reads it there and only there),
 * stopped when the front says so over IPC — or when the front is gone (its channel closed).
 * Signals are ignored: the front stops this process last, after the pages it forwards.
 */
import http from "node:http";
import { rmSync } from "node:fs";
import type { NodeHandler } from "./fast-entry";
import type { PageProcessMessage } from "./page-process";
import { PEER_HEADER } from "./proxy";
import { closeServer } from "./shutdown";

export type PageServerOptions = {
  socketPath: string;
  /** Next's handler, once it is ready; requests arriving before are held (none should: the front waits for "ready"). */
  handler: Promise<NodeHandler>;
  /** The IPC channel to the front (process in production). */
  channel: Pick<NodeJS.Process, "on" | "once"> & { send?: (message: PageProcessMessage) => unknown; connected?: boolean };
  exit: (code: number) => void;
  /** Bound on the stop when the front is gone without saying how long (SHUTDOWN_GRACE_MS). */
  graceMs: number;
};

export async function servePages(o: PageServerOptions): Promise<http.Server> {
  const handler = await o.handler;
  const server = http.createServer(
    // The front bounds slow clients; its own connections here are reused for minutes.
    { requestTimeout: 0, headersTimeout: 60_000, keepAliveTimeout: 65_000 },
    (req, res) => {
      // Read by the diagnostics subscriber before this listener runs; Next has no use for it.
      delete req.headers[PEER_HEADER];
      return handler(req, res);
    },
  );
  rmSync(o.socketPath, { force: true }); // a socket file left by a crashed predecessor
  await new Promise<void>((resolve) => server.listen(o.socketPath, resolve));

  let stopping = false;
  const stop = (graceMs: number) => {
    if (stopping) return;
    stopping = true;
    const closed = closeServer(server).then(() => true);
    const late = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), graceMs).unref());
    void Promise.race([closed, late]).then((clean) => {
      if (!clean) server.closeAllConnections();
      o.exit(clean ? 0 : 1);
    });
  };
  o.channel.on("message", (message: PageProcessMessage) => {
    if (message?.type === "stop") stop(message.graceMs);
  });
  o.channel.once("disconnect", () => stop(o.graceMs));
  for (const signal of ["SIGTERM", "SIGINT"] as const) o.channel.on(signal, () => undefined);
  o.channel.send?.({ type: "ready" });
  return server;
}
