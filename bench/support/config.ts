/** Shared settings of the benchmarks: the fake account, ports (3900–3999) and the app's env. */
import os from "node:os";
import path from "node:path";
import { BENCH_PAY_ENV } from "./pay-notifications";

export const ROOT = path.resolve(import.meta.dirname, "../..");
/** The app build the benchmarks start; `NEXT_DIST_DIR=.next-bench npx next build` makes it. */
export const DIST_DIR = ".next-bench";
export const BENCH_DB_URL = "file:./data/bench.db";
/** PostgreSQL for the production configuration; the benchmark drops and recreates this database. */
export const BENCH_PG_URL = process.env.BENCH_PG_URL ?? `postgresql://${os.userInfo().username}@127.0.0.1:5432/wx_bench`;

/** A made-up account: the same values configure the app, the peer and the ceiling. */
export const KEYS = {
  token: "benchtoken",
  appId: "wx0bench0000000001",
  encodingAESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
} as const;

// BENCH_PORT_BASE moves every port (default 3900), so benchmarks of two checkouts do not collide.
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 3900);
export const PORTS = {
  app: PORT_BASE + 10,
  peer: PORT_BASE + 11,
  ceiling: PORT_BASE + 12,
  appPg: PORT_BASE + 13,
  appAlt: PORT_BASE + 14,
  fast: PORT_BASE + 15,
  fastPg: PORT_BASE + 16,
  coldStart: PORT_BASE + 20,
  pageWeight: PORT_BASE + 30,
} as const;

/** What `next start` needs (validated by lib/config/env-schema at start-up), plus BENCH_ROUTES=1 for the floor. */
export function appEnv(port: number, databaseUrl = BENCH_DB_URL): Record<string, string> {
  return {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_DIST_DIR: DIST_DIR,
    WECHAT_APP_ID: KEYS.appId,
    WECHAT_APP_SECRET: "bench0secret0000000000000000001",
    WECHAT_TOKEN: KEYS.token,
    WECHAT_ENCODING_AES_KEY: KEYS.encodingAESKey,
    // One app is measured in both plaintext and safe mode: with a key set, plaintext pushes
    // are refused unless accepted on purpose (as during a console mode switch).
    WECHAT_ACCEPT_PLAINTEXT: "1",
    SESSION_PASSWORD: "bench-session-password-0123456789abcdef",
    ADMIN_TOKEN: "bench-admin-token-0123456789",
    APP_URL: `http://localhost:${port}`,
    DATABASE_URL: databaseUrl,
    BENCH_ROUTES: "1",
    // Nothing here may reach WeChat: an unroutable API base turns any stray call into a fast failure.
    WECHAT_API_BASE_URL: "http://127.0.0.1:9",
    // WeChat Pay on (a throwaway merchant): /api/pay/notify is measured beside the webhook.
    ...BENCH_PAY_ENV,
  };
}

/** The peer and ceiling servers read the same account from the same variable names. */
export function peerEnv(port: number): Record<string, string> {
  return { PORT: String(port), WECHAT_TOKEN: KEYS.token, WECHAT_APP_ID: KEYS.appId, WECHAT_ENCODING_AES_KEY: KEYS.encodingAESKey };
}
