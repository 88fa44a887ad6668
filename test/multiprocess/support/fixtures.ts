/**
 * Shared set-up of the multi-process tests: the databases to run against (a fresh
 * migrated SQLite file always; PostgreSQL too when TEST_DATABASE_URL is set) and a
 * simulator per test with a random account, so tests sharing a database never meet.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "@/e2e/simulator/server";
import { migrateDatabase } from "@/test/test-db";

export interface TestDatabase {
  label: "sqlite" | "postgresql";
  url: string;
}

/** A migrated SQLite file (fresh per call) — and, when TEST_DATABASE_URL is set, PostgreSQL. */
export function testDatabases(): TestDatabase[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), "wxmp-multiprocess-"));
  const list: TestDatabase[] = [{ label: "sqlite", url: `file:${path.join(dir, "test.db")}` }];
  const postgres = process.env.TEST_DATABASE_URL;
  if (postgres) list.push({ label: "postgresql", url: postgres });
  for (const db of list) migrateDatabase(db.url);
  return list;
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
