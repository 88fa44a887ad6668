/**
 * The app's real wiring for two accounts behind the fast entry's routes, against the simulator
 * serving both (several accounts in one deployment, issue 26): a migrated test database, the
 * env's account A, the simulator's second account B, and the process env the wiring reads on
 * first use (each test file runs in its own process). Shared by the accounts-isolation and
 * platform-wiring suites; each adds its own variables and routes.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../../simulator/server";
import { accountWebhookRoute, createFastEntry, webhookRoute, type NodeHandler, type WebhookRouteOptions } from "../../server/fast-entry";
import { createPendingWork } from "../../server/pending-work";
import { openTestDb } from "./test-db";
import type { Db } from "@/lib/db/client";

export const A_SECRET = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
export const B_SECRET = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2";

export interface TwoAccountApp {
  sim: RunningSimulator;
  app: http.Server;
  appUrl: string;
  db: Db;
  wiring: typeof import("@/lib/wiring/for-account");
  registry: import("@/lib/accounts/registry").AccountRegistry;
  close(): Promise<void>;
}

export async function startTwoAccountApp(o: {
  a: string;
  /** The simulator's second account (its AppID, secret, Token, key, followers …). */
  b: NonNullable<SimulatorOptions["accounts"]>[number];
  /** More simulator options (the open platform), given the app's URL. */
  simulator?: (appUrl: string) => Partial<SimulatorOptions>;
  /** More variables for the wiring, given the app's and the simulator's URLs. */
  env?: (urls: { appUrl: string; simUrl: string }) => Record<string, string>;
  /** More exact routes in front of /api/wechat and /api/wechat/{appid}. */
  routes?: (route: Pick<WebhookRouteOptions, "pending" | "onError">) => Record<string, NodeHandler>;
}): Promise<TwoAccountApp> {
  const opened = await openTestDb();
  const db = opened.db;
  const app = http.createServer();
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  const sim = await startSimulator({
    appId: o.a,
    appSecret: A_SECRET,
    token: "tokenA",
    port: 0,
    followers: 3,
    webhookUrl: `${appUrl}/api/wechat`,
    accounts: [o.b],
    ...o.simulator?.(appUrl),
  });
  Object.assign(process.env, {
    WECHAT_APP_ID: o.a,
    WECHAT_APP_SECRET: A_SECRET,
    WECHAT_TOKEN: "tokenA",
    WECHAT_API_BASE_URL: sim.url,
    WECHAT_OAUTH_BASE_URL: sim.url,
    DATABASE_URL: opened.url,
    SESSION_PASSWORD: "s".repeat(40),
    ACCOUNTS_KEY: "k".repeat(40),
    ADMIN_TOKEN: "admin-token-0123456789",
    APP_URL: appUrl,
    BOT: "test",
    ...o.env?.({ appUrl, simUrl: sim.url }),
  });
  const wiring = await import("@/lib/wiring/for-account");
  const { getWebhook } = await import("@/lib/wiring/webhook");
  const registry = (await import("@/lib/wiring/accounts")).getAccountRegistry();
  const pending = createPendingWork();
  const onError = async (error: unknown) => ({ status: 500, headers: {}, body: String(error) });
  app.on(
    "request",
    createFastEntry({
      routes: { "/api/wechat": webhookRoute({ webhook: getWebhook, pending, onError }), ...o.routes?.({ pending, onError }) },
      prefixRoutes: { "/api/wechat/": accountWebhookRoute({ lookup: wiring.accountWebhook, pending, onError }) },
      next: (_req, res) => void res.writeHead(404).end("not here"),
    }),
  );
  return {
    sim,
    app,
    appUrl,
    db,
    wiring,
    registry,
    async close() {
      await sim.close();
      app.closeAllConnections();
      await new Promise((resolve) => app.close(resolve));
      await db.$disconnect();
    },
  };
}
