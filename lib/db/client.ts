import type { PrismaClient as SqliteClient } from "../generated/prisma-sqlite/client";
import type { Pool } from "pg";
import type { DatabaseTarget } from "./url";

/**
 * The app's database client type. Both generated clients (SQLite and PostgreSQL) come from
 * the same models (prisma/models.prisma), so they share this API; only the provider differs.
 */
export type Db = SqliteClient;

// The pg pool behind each PostgreSQL client: the webhook's stores (pg-webhook-stores.ts) share it.
const pools = new WeakMap<Db, Pool>();

/** The pool under a PostgreSQL client made by `createDb`. */
export function pgPoolOf(db: Db): Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error("pgPoolOf: not a PostgreSQL client made by createDb");
  return pool;
}

/** Opens a Prisma client for a database target, with the matching driver adapter. */
export async function createDb(target: DatabaseTarget, options: { poolMax?: number } = {}): Promise<Db> {
  if (target.provider === "postgresql") {
    const [{ PrismaClient }, { PrismaPg }, { default: pg }] = await Promise.all([
      import("../generated/prisma-postgresql/client"),
      import("@prisma/adapter-pg"),
      import("pg"),
    ]);
    // Serverless: a small pool per instance; put PgBouncer/Neon's pooled URL in DATABASE_URL.
    const pool = new pg.Pool({
      connectionString: target.url,
      max: options.poolMax ?? 5,
      // A database that is down must fail fast, not hang the request (pg waits forever by default).
      connectionTimeoutMillis: 5_000,
      // Idle connections do not keep a finished process (a script, a test run) alive.
      allowExitOnIdle: true,
    });
    // The adapter handles the pool's idle-client errors, and `$disconnect()` ends the pool.
    const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) }) as unknown as Db;
    pools.set(db, pool);
    return db;
  }
  const [{ PrismaClient }, { PrismaBetterSqlite3 }] = await Promise.all([
    import("../generated/prisma-sqlite/client"),
    import("@prisma/adapter-better-sqlite3"),
  ]);
  // busy timeout: concurrent writers (several `next start` processes on one file) wait
  // for the write lock instead of failing with SQLITE_BUSY.
  const adapter = new PrismaBetterSqlite3({ url: `file:${target.file}`, timeout: 5000 });
  return new PrismaClient({ adapter });
}

