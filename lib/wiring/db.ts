import "server-only";
import { createDb, type Db } from "../db/client";
import { getEnv } from "./env";

export type { Db } from "../db/client";

// One client per process, kept on globalThis so that Next's dev-mode module reloading and
// warm serverless invocations reuse the connection pool instead of opening a new one.
const globalForDb = globalThis as unknown as { __wechatDb?: Promise<Db> };

/** The process-wide client for DATABASE_URL. */
export function getDb(): Promise<Db> {
  const env = getEnv();
  globalForDb.__wechatDb ??= createDb(env.database, { poolMax: env.databasePoolMax }).catch((error: unknown) => {
    globalForDb.__wechatDb = undefined; // let the next request try again (e.g. database restarted)
    throw error;
  });
  return globalForDb.__wechatDb;
}
