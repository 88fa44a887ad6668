/**
 * `npm start`: the self-hosted server. One port: `/api/wechat` (GET, POST) answered by the
 * webhook directly, before Next's router, and `/api/pay/notify` by the pay service likewise; every other request handled by Next
 * (the custom-server API: `next({ dev, dir })`, `prepare()`, `getRequestHandler()`).
 * `next start` and Vercel keep serving `/api/wechat` through the route handler.
 *
 * Bundled into <distDir>/fast-entry/server.mjs by scripts/build-server.mjs (after `next build`).
 * Options as `next start`: `-p/--port` (or PORT, default 3000), `-H/--hostname` (or HOSTNAME).
 * SHUTDOWN_GRACE_MS (default 10000) bounds the wait for late replies on SIGTERM.
 *
 * @see https://nextjs.org/docs/app/guides/custom-server
 */
import { parseArgs } from "node:util";
import { createRequire } from "node:module";
import { errorResponse } from "../lib/http/api-response";
import { getEnv } from "../lib/wiring/env";
import { EnvError } from "../lib/config/env-schema";
import { logger, registerSecret } from "../lib/logger";
import { trackPeerAddresses } from "../lib/http/peer-address";
import { getPay, NOTIFY_PATH } from "../lib/wiring/pay-service";
import { getWebhook } from "../lib/wiring/webhook";
import { createFastEntryServer, type NodeHandler } from "./fast-entry";
import { createPayNotifyEndpoint } from "./pay-notify";
import { createPendingWork } from "./pending-work";
import { stopOnSignals } from "./shutdown";

const { values } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
  strict: false,
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = typeof values.hostname === "string" ? values.hostname : process.env.HOSTNAME;
const graceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000);
// As `next start`: the project is the working directory (where NEXT_DIST_DIR is resolved too).
const dir = process.cwd();

// The .env files, as Next would load them, before the webhook first reads its configuration.
// (@next/env is CommonJS without named exports Node can detect: required, not imported.)
const { loadEnvConfig } = createRequire(import.meta.url)("@next/env") as typeof import("@next/env");
loadEnvConfig(dir, false, { info: () => undefined, error: (...args: unknown[]) => console.error(...args) });

// As instrumentation.ts does inside Next (which may start after the first push here): a missing
// or malformed variable stops start-up with one line naming it.
try {
  const env = getEnv();
  // This bundle has its own copy of the logger: its masking needs the secrets too.
  for (const secret of [env.appSecret, env.adminToken, env.sessionPassword, env.cronSecret]) registerSecret(secret);
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(`[config] ${error.message}`);
  process.exit(1);
}

// The webhook does not need Next: the port opens at once and /api/wechat answers while Next
// loads (about 2 s); other requests wait for it. A WeChat retry after a restart is served early.
const nextHandler: Promise<NodeHandler> = import("next").then(async ({ default: next }) => {
  const app = next({ dev: false, dir, hostname, port });
  await app.prepare();
  return app.getRequestHandler();
});
nextHandler.catch((error: unknown) => {
  logger.error("fast entry: Next failed to start", { reason: String(error) });
  process.exit(1);
});

// Before the port opens, so no request's socket address goes unnoted (instrumentation.ts does it
// again inside Next, at no cost).
trackPeerAddresses();
const pending = createPendingWork();
const server = createFastEntryServer({
  webhook: getWebhook,
  next: async (req, res) => (await nextHandler)(req, res),
  pending,
  // WeChat Pay's notifications, as fast as the webhook (null while pay is off: Next answers).
  endpoints: { [NOTIFY_PATH]: createPayNotifyEndpoint(getPay) },
  async onError(error) {
    const response = errorResponse(error, "webhook");
    return { status: response.status, headers: { "content-type": "application/json" }, body: await response.text() };
  },
});
stopOnSignals({ server, pending, graceMs, logger, exit: (code) => process.exit(code) });
server.listen(port, hostname, () => {
  logger.info("fast entry: listening", { url: `http://${hostname ?? "localhost"}:${port}`, webhook: "/api/wechat" });
});
void nextHandler.then(() => logger.info("fast entry: Next ready"));
