/**
 * The doctor's real database probe: reads Prisma's `_prisma_migrations` table
 * directly (better-sqlite3 / pg, read-only) and lists the migrations the
 * repository ships. No Prisma client: the doctor must work before `db:generate`.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import type { DatabaseTarget } from "../db/url";
import type { DatabaseProbe } from "./checks";

const APPLIED_SQL = "select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null";

async function appliedSqlite(file: string): Promise<string[]> {
  const { default: Database } = await import("better-sqlite3");
  // fileMustExist: a missing file is "not migrated", never silently created here.
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hasTable = db.prepare("select 1 from sqlite_master where type = 'table' and name = '_prisma_migrations'").get();
    if (!hasTable) return [];
    return (db.prepare(APPLIED_SQL).all() as Array<{ migration_name: string }>).map((r) => r.migration_name);
  } finally {
    db.close();
  }
}

async function appliedPostgres(url: string): Promise<string[]> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const table = await client.query("select to_regclass('_prisma_migrations') as t");
    if (!table.rows[0]?.t) return [];
    return (await client.query<{ migration_name: string }>(APPLIED_SQL)).rows.map((r) => r.migration_name);
  } finally {
    await client.end();
  }
}

/** A DateTime column as a driver hands it back (Prisma's SQLite rows: epoch ms or ISO text). */
const epochMs = (value: unknown): number => (typeof value === "number" ? value : typeof value === "bigint" ? Number(value) : Date.parse(String(value)));

type TicketRow = { ticket: string; createdAt: number } | null;

async function ticketSqlite(file: string, componentAppId: string): Promise<TicketRow> {
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    if (!db.prepare("select 1 from sqlite_master where type = 'table' and name = 'ComponentTicket'").get()) return null;
    const row = db.prepare(`select "ticket", "createdAt" from "ComponentTicket" where "componentAppId" = ?`).get(componentAppId) as { ticket: string; createdAt: unknown } | undefined;
    return row ? { ticket: row.ticket, createdAt: epochMs(row.createdAt) } : null;
  } finally {
    db.close();
  }
}

async function ticketPostgres(url: string, componentAppId: string): Promise<TicketRow> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    if (!(await client.query(`select to_regclass('"ComponentTicket"') as t`)).rows[0]?.t) return null;
    // timestamp(3) holds UTC without a zone: read as epoch ms, not through the driver's local time.
    const sql = `select "ticket", (extract(epoch from "createdAt") * 1000)::float8 as "createdAt" from "ComponentTicket" where "componentAppId" = $1`;
    const row = (await client.query<{ ticket: string; createdAt: number }>(sql, [componentAppId])).rows[0];
    return row ? { ticket: row.ticket, createdAt: Math.round(row.createdAt) } : null;
  } finally {
    await client.end();
  }
}

/** A probe over the real database and `<root>/prisma/<provider>/migrations`. */
export function createDatabaseProbe(root: string): DatabaseProbe {
  return {
    async applied(target: DatabaseTarget): Promise<string[]> {
      if (target.provider === "sqlite") {
        // A SQLite file that does not exist yet is reachable: it just has no migrations.
        return existsSync(target.file) ? appliedSqlite(target.file) : [];
      }
      return appliedPostgres(target.url);
    },
    async expected(provider): Promise<string[]> {
      const dir = path.join(root, "prisma", provider, "migrations");
      return readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, "migration.sql")))
        .map((e) => e.name)
        .sort();
    },
    async componentTicket(target, componentAppId) {
      if (target.provider === "sqlite") return existsSync(target.file) ? ticketSqlite(target.file, componentAppId) : null;
      return ticketPostgres(target.url, componentAppId);
    },
  };
}
