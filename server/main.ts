/**
 * `npm start`: the self-hosted server, two processes on one port.
 * - The front (this process) answers the routes of FRONT_ROUTES itself — `/api/wechat` (GET, POST)
 *   straight to the webhook, `/api/pay/notify` to the pay service — and carries no Next: no framework on the webhook's hot path (issue 25:
 *   Next's AsyncLocalStorage alone switched on promise tracking for the whole process).
 * - The page process (server/pages-main.ts, forked) runs Next's request handler on a private Unix
 *   socket in a fresh 0700 directory; the front forwards every other request to it with keep-alive,
 *   streaming both ways (server/proxy.ts), and restarts it with backoff if it dies while pushes go
 *   on being answered (server/page-process.ts).
 * `next start` and Vercel keep serving `/api/wechat` through the route handler.
 *
 * Bundled into <distDir>/fast-entry/{server,pages}.mjs by scripts/build-server.mjs (after `next build`).
 * Options as `next start`: `-p/--port` (or PORT, default 3000), `-H/--hostname` (or HOSTNAME).
 * SHUTDOWN_GRACE_MS (default 10000) bounds the wait for requests in flight and late replies on SIGTERM.
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { errorResponse } from "../lib/http/api-response";
import { getEnv } from "../lib/wiring/env";
import { EnvError } from "../lib/config/env-schema";
import { logger, registerSecret } from "../lib/logger";
import { getPay, getPayForMerchant, NOTIFY_PATH } from "../lib/wiring/pay-service";
import { getWebhook } from "../lib/wiring/webhook";
import { accountWebhook } from "../lib/wiring/for-account";
import type { WebhookOutput } from "@wxmp/wechat/webhook/types";
import { accountWebhookRoute, createFastEntryServer, endpointRoute, webhookRoute, type NodeHandler } from "./fast-entry";
import { startPageProcess } from "./page-process";
import { createPayNotifyEndpoint, merchantNotifyRoute } from "./pay-notify";
import { createPageProxy } from "./proxy";
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
  registerSecret(env.accountsKey);
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(`[config] ${error.message}`);
  process.exit(1);
}

/** Node's flags for the page process too, but not a profiler run on the front (its file would be overwritten). */
function withoutProfiling(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (/^--(cpu|heap)-prof/.test(arg)) {
      // "--cpu-prof-dir X" carries its value in the next entry; "--cpu-prof-dir=X" does not.
      if (/^--(cpu|heap)-prof-(dir|name|interval)$/.test(arg)) i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

/** A throw (e.g. bad configuration) answered as the route handler under Next would answer it. */
function asRouteHandlerWould(route: string) {
  return async (error: unknown): Promise<WebhookOutput> => {
    const response = errorResponse(error, route);
    return { status: response.status, headers: { "content-type": "application/json" }, body: await response.text() };
  };
}

// The page process: Next on a Unix socket in a directory only this user can enter (mkdtemp: 0700),
// so nothing but the front reaches it and the peer header it believes (server/proxy.ts).
const socketDir = mkdtempSync(path.join(tmpdir(), "wechat-mp-pages-"));
const socketPath = path.join(socketDir, "next.sock");
const pagesScript = path.join(path.dirname(fileURLToPath(import.meta.url)), "pages.mjs");
const pages = startPageProcess({
  spawn: () =>
    fork(pagesScript, [socketPath], {
      // The same environment (it is the same app), plus where the front listens.
      env: { ...process.env, FAST_ENTRY_PORT: String(port), FAST_ENTRY_HOSTNAME: hostname ?? "" },
      execArgv: withoutProfiling(process.execArgv),
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    }),
  logger,
  onNeverReady(code, signal) {
    logger.error("fast entry: Next failed to start in the page process", { code, signal });
    process.exit(1);
  },
});
process.once("exit", () => rmSync(socketDir, { recursive: true, force: true }));

const pending = createPendingWork();
const forward = createPageProxy({
  socketPath,
  ready: () => pages.ready(),
  onError: (error, req) => logger.warn("fast entry: page process did not answer", { reason: error.message, method: req.method }),
});
// Exact pathnames answered here, without Next; everything else is forwarded. One line per route.
const FRONT_ROUTES: Record<string, NodeHandler> = {
  "/api/wechat": webhookRoute({ webhook: getWebhook, pending, onError: asRouteHandlerWould("webhook") }),
  // WeChat Pay's notifications (null while pay is off: the page process answers as the route does).
  // The third-party platform's 授权事件接收URL: Next's route (a few pushes an hour), never an account's server URL below.
  "/api/wechat/component": forward,
  [NOTIFY_PATH]: endpointRoute(createPayNotifyEndpoint(getPay), { pending, onError: asRouteHandlerWould("pay notify"), next: forward }),
};

// Each account's server URL (/api/wechat/{appid}, several accounts in one deployment), each account merchant's notify URL.
const FRONT_PREFIX_ROUTES: Record<string, NodeHandler> = {
  "/api/wechat/": accountWebhookRoute({ lookup: accountWebhook, pending, onError: asRouteHandlerWould("webhook") }),
  // An account's own WeChat Pay merchant's notifications (/api/pay/notify/{mchid}).
  [`${NOTIFY_PATH}/`]: merchantNotifyRoute({ payOn: () => true, lookup: getPayForMerchant, pending, onError: asRouteHandlerWould("pay notify"), next: forward }),
};

const server = createFastEntryServer({ routes: FRONT_ROUTES, prefixRoutes: FRONT_PREFIX_ROUTES, next: forward });
stopOnSignals({ server, pending, graceMs, logger, exit: (code) => process.exit(code), after: (left) => pages.stop(left) });
server.listen(port, hostname, () => {
  logger.info("fast entry: listening", { url: `http://${hostname ?? "localhost"}:${port}`, webhook: "/api/wechat" });
});
