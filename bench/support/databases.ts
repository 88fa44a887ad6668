/**
 * The databases the app is benchmarked on, each rebuilt from empty before a run so that every
 * run starts alike: SQLite as shipped (data/bench.db), PostgreSQL (production), and SQLite
 * with the WAL journal — a what-if the app does not set, measured to show what it would change.
 */
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { BENCH_DB_URL, BENCH_PG_URL, ROOT } from "./config";

/** The what-if database: the same app on the other SQLite journal than the one `migrate` leaves. */
export const ALT_DB_URL = "file:./data/bench-alt.db";
export type Journal = "wal" | "delete";

async function migrate(url: string): Promise<void> {
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/db/migrate.mjs"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`migrating ${url.replace(/\/\/[^@/]*@/, "//***@")} failed:\n${output.slice(-2000)}`);
}

function sqliteFile(url: string): string {
  return path.join(ROOT, url.slice("file:".length));
}

/**
 * Deletes and re-migrates a SQLite file, then (if asked) sets its journal mode — a persistent
 * property of the file. Returns the URL and the journal the file ends up with.
 */
export async function resetSqlite(url = BENCH_DB_URL, journal?: Journal): Promise<{ url: string; journal: Journal }> {
  const file = sqliteFile(url);
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  await migrate(url);
  const db = new Database(file);
  try {
    if (journal) db.pragma(`journal_mode = ${journal}`);
    return { url, journal: String(db.pragma("journal_mode", { simple: true })).toLowerCase() === "wal" ? "wal" : "delete" };
  } finally {
    db.close();
  }
}

/** The shipped setup: data/bench.db exactly as scripts/db/migrate.mjs leaves it. */
export const resetBenchDatabase = async (): Promise<string> => (await resetSqlite(BENCH_DB_URL)).url;

/** Drops, recreates and migrates the bench PostgreSQL database; null (with the reason) when none answers. */
export async function resetPostgres(url = BENCH_PG_URL): Promise<{ url: string | null; reason?: string }> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error("BENCH_PG_URL must name a plain database (e.g. /wx_bench)");
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    return { url: null, reason: `PostgreSQL not available at ${target.host}: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    await client.end().catch(() => undefined);
  }
  await migrate(url);
  return { url };
}

/**
 * What one push's two dedup statements (INSERT, then UPDATE by key) cost in better-sqlite3 on this
 * disk, right now, when the push is alone in its batch (under load, concurrent pushes share them), with SQLite's default rollback journal and with WAL: ms per push, median of
 * 5 batches of 40. The call is synchronous, so this is also how long each push blocks Node's
 * event loop; it varies with what else is writing to the disk.
 */
export function probeSqliteWrites(): { rollbackMs: number; walMs: number } {
  const run = (wal: boolean): number => {
    const file = path.join(ROOT, `data/bench-probe-${wal ? "wal" : "rollback"}.db`);
    const clean = () => ["", "-journal", "-wal", "-shm"].forEach((suffix) => rmSync(file + suffix, { force: true }));
    clean();
    mkdirSync(path.dirname(file), { recursive: true }); // a fresh clone has no data/ yet
    const db = new Database(file);
    try {
      if (wal) db.pragma("journal_mode = WAL");
      db.exec("CREATE TABLE d (key TEXT PRIMARY KEY, status TEXT, reply TEXT)");
      const insert = db.prepare("INSERT INTO d (key, status) VALUES (?, 'running')");
      const update = db.prepare("UPDATE d SET status = 'done', reply = ? WHERE key = ?");
      const batches: number[] = [];
      for (let b = 0; b < 5; b++) {
        const started = performance.now();
        for (let i = 0; i < 40; i++) {
          insert.run(`${b}-${i}`);
          update.run("<xml/>", `${b}-${i}`);
        }
        batches.push((performance.now() - started) / 40);
      }
      return batches.sort((x, y) => x - y)[2] ?? NaN;
    } finally {
      db.close();
      clean();
    }
  };
  return { rollbackMs: run(false), walMs: run(true) };
}
