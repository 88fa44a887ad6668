/**
 * The page process of `npm start`: Next's request handler (custom-server API) on the private Unix
 * socket the front gave it (argv[2]). Forked by server/main.ts with an IPC channel; bundled into
 * <distDir>/fast-entry/pages.mjs by scripts/build-server.mjs. Not meant to be run by hand.
 *
 * @see https://nextjs.org/docs/app/guides/custom-server
 */
import { trackPeerAddresses } from "../lib/http/peer-address";
import { logger } from "../lib/logger";
import type { NodeHandler } from "./fast-entry";
import { servePages } from "./page-server";
import { PEER_HEADER } from "./proxy";

const socketPath = process.argv[2];
const port = Number(process.env.FAST_ENTRY_PORT ?? 3000);
const hostname = process.env.FAST_ENTRY_HOSTNAME || undefined;
if (!socketPath || !process.send) {
  console.error("pages.mjs is started by the fast entry (npm start), not by hand");
  process.exit(1);
}

// Before Next loads: its instrumentation's own call then does nothing, and the admin guard reads
// the client's address from the front's header on this socket (nowhere else).
trackPeerAddresses({ fromHeader: PEER_HEADER });

const handler: Promise<NodeHandler> = import("next").then(async ({ default: next }) => {
  // hostname/port as the front listens: Next fills x-forwarded-port and builds absolute URLs from them.
  const app = next({ dev: false, dir: process.cwd(), hostname, port });
  await app.prepare();
  return app.getRequestHandler();
});
handler.catch((error: unknown) => {
  logger.error("fast entry: Next failed to start", { reason: String(error) });
  process.exit(1);
});

await servePages({
  socketPath,
  handler,
  channel: process,
  exit: (code) => process.exit(code),
  graceMs: Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000),
});
