/**
 * A real, migrated database for tests: a fresh SQLite file per call, or the PostgreSQL
 * database named by TEST_DATABASE_URL (CI sets it) — migrated once per process. Tests use
 * random keys (appIds, dedup keys), so a shared PostgreSQL needs no cleanup between them.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, type Db } from "@/lib/db/client";
import { resolveDatabaseUrl, type DatabaseTarget } from "@/lib/db/url";

const root = path.resolve(__dirname, "../..");
const migrated = new Set<string>();

export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL || `file:${path.join(mkdtempSync(path.join(os.tmpdir(), "wxmp-test-")), "test.db")}`;
}

/** Applies the migrations in a child process, exactly as `npm run db:migrate` does. */
export function migrateDatabase(url: string): void {
  if (migrated.has(url)) return;
  execFileSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/db/migrate.mjs"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
  migrated.add(url);
}

export async function openTestDb(url: string = testDatabaseUrl()): Promise<{ db: Db; url: string; target: DatabaseTarget }> {
  migrateDatabase(url);
  const target = resolveDatabaseUrl(url);
  return { db: await createDb(target), url, target };
}

export const usingPostgres = (): boolean => Boolean(process.env.TEST_DATABASE_URL);
