/**
 * A database for a one-off benchmark: DATABASE_URL when it is PostgreSQL, else a new SQLite file
 * in a temporary folder; migrated as `npm run db:migrate` does (idempotent on PostgreSQL).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./config";

export function scratchDatabaseUrl(prefix: string): string {
  const url = process.env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//i.test(url)) return url;
  return `file:${path.join(mkdtempSync(path.join(os.tmpdir(), prefix)), "bench.db")}`;
}

export function migrateDatabase(url: string): void {
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/db/migrate.mjs"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
}
