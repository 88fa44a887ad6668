/**
 * Shared set-up of the multi-process tests: the databases to run against (a fresh
 * migrated SQLite file always; PostgreSQL too when TEST_DATABASE_URL is set) and a
 * simulator per test with a random account, so tests sharing a database never meet.
 */
import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "@/simulator/server";
import { migrateDatabase } from "@/test/support/test-db";
import { repoRoot } from "./worker-process";

export interface TestDatabase {
  label: "sqlite" | "postgresql";
  url: string;
}

/**
 * A migrated SQLite file (fresh per call) — and, when TEST_DATABASE_URL is set, PostgreSQL.
 * Migrating takes seconds (a child process, as `npm run db:migrate`), so it happens once per
 * set of migrations: SQLite files are copies of a migrated template, and PostgreSQL is only
 * migrated when it lacks one of the migrations.
 */
export async function testDatabases(): Promise<TestDatabase[]> {
  const list: TestDatabase[] = [{ label: "sqlite", url: freshSqliteUrl() }];
  const postgres = process.env.TEST_DATABASE_URL;
  if (postgres) {
    if (!(await postgresUpToDate(postgres))) migrateDatabase(postgres);
    list.push({ label: "postgresql", url: postgres });
  }
  return list;
}

function migrationNames(provider: "sqlite" | "postgresql"): string[] {
  const dir = path.join(repoRoot, "prisma", provider, "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function freshSqliteUrl(): string {
  const hash = createHash("sha256");
  for (const name of migrationNames("sqlite")) {
    hash.update(name).update(readFileSync(path.join(repoRoot, "prisma/sqlite/migrations", name, "migration.sql")));
  }
  const template = path.join(os.tmpdir(), `wxmp-multiprocess-template-${hash.digest("hex").slice(0, 16)}.db`);
  if (!existsSync(template)) {
    const scratch = `${template}.${process.pid}-${randomBytes(4).toString("hex")}`;
    migrateDatabase(`file:${scratch}`);
    // Atomic: test files starting together may each build one; any of them will do.
    renameSync(scratch, template);
  }
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "wxmp-multiprocess-")), "test.db");
  copyFileSync(template, file);
  return `file:${file}`;
}

async function postgresUpToDate(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ migration_name: string }>(
      "select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null",
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    return migrationNames("postgresql").every((name) => applied.has(name));
  } catch {
    return false; // no migrations table yet, or unreachable: let the migration say why
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface Account {
  appId: string;
  appSecret: string;
  token: string;
}

export function randomAccount(): Account {
  return {
    appId: `wx${randomBytes(8).toString("hex")}`,
    appSecret: randomBytes(16).toString("hex"),
    token: `tk${randomBytes(8).toString("hex")}`,
  };
}

/** A simulator for a fresh random account on a random port. */
export async function startAccountSimulator(
  extra: Partial<SimulatorOptions> = {},
): Promise<{ sim: RunningSimulator; account: Account }> {
  const account = randomAccount();
  const sim = await startSimulator({ ...account, port: 0, followers: 20, ...extra });
  return { sim, account };
}

/** cgi-bin/token calls the simulator has answered (or is holding) so far. */
export const tokenCalls = (sim: RunningSimulator): number => sim.state.calls["cgi-bin/token"] ?? 0;

/** Polls `check` until it holds (every 20 ms), or throws after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
