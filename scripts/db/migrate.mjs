// `npm run db:migrate`: applies prisma/<provider>/migrations to DATABASE_URL
// (default: the SQLite file under data/). Idempotent; safe to run on every start.
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { resolveDatabaseUrl as resolveDatabase } from "../../lib/db/url.ts";
import { migrationsDir, schemaPath, writeSchemas } from "./schemas.mjs";
import { openSchemaEngine } from "./engine.mjs";

export async function migrate(url = process.env.DATABASE_URL) {
  const db = resolveDatabase(url);
  writeSchemas();
  const baseDir = migrationsDir(db.provider);
  const lockPath = path.join(baseDir, "migration_lock.toml");
  const migrationDirectories = readdirSync(baseDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(baseDir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: readFileSync(path.join(baseDir, name, "migration.sql"), "utf8") },
      },
    }));
  // Before the engine opens the file (journal mode is a property of the file).
  if (db.provider === "sqlite") await enableWriteAheadLog(db.file);
  const { engine, close } = await openSchemaEngine(db, schemaPath(db.provider));
  let result;
  try {
    result = await engine.applyMigrations({
      migrationsList: {
        baseDir,
        lockfile: { path: "migration_lock.toml", content: readFileSync(lockPath, "utf8") },
        shadowDbInitScript: "",
        migrationDirectories,
      },
      filters: { externalTables: [], externalEnums: [] },
    });
  } finally {
    // On SQLite, closing moves the WAL into the file, so a copy of the file alone (a backup,
    // a test template) holds the tables.
    await close();
  }
  return { provider: db.provider, applied: result.appliedMigrationNames };
}

/**
 * The WAL journal (a persistent property of the file): every webhook push writes its dedup
 * record, and with the default rollback journal each write waits for an fsync inside
 * better-sqlite3's synchronous call, blocking the event loop (measured ~1 ms per push, up to
 * ~33 ms on a busy disk, vs 0.02 ms with WAL — docs/benchmarks.md). WAL also lets readers
 * proceed during a write.
 */
async function enableWriteAheadLog(file) {
  const { default: Database } = await import("better-sqlite3");
  mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  try {
    sqlite.pragma("journal_mode = WAL");
  } finally {
    sqlite.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  migrate()
    .then(({ provider, applied }) => {
      console.log(`database (${provider}) is up to date; applied now: ${applied.length ? applied.join(", ") : "none"}`);
      process.exit(0); // the pg adapter keeps a pool open
    })
    .catch((error) => {
      console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
