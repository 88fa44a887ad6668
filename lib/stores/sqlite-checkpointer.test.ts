import { statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openTestDb } from "@/test/support/test-db";
import { startCheckpointer } from "./sqlite-checkpointer";
import { openSqliteWebhookStores } from "./sqlite-webhook-stores";

const file = path.join(os.tmpdir(), `wxmp-checkpoint-${process.pid}-${Date.now()}.db`);
const migrated = openTestDb(`file:${file}`);
afterAll(async () => (await migrated).db.$disconnect());

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < ms; await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (condition()) return true;
  }
  return condition();
}

describe("startCheckpointer", () => {
  it("copies the webhook stores' writes from the WAL into the database file, off the main thread", async () => {
    await migrated;
    const stores = openSqliteWebhookStores(file);
    try {
      const before = statSync(file).size;
      // Far fewer pages than SQLite's own threshold (1000): only the thread moves them.
      const now = Date.now();
      await Promise.all(Array.from({ length: 300 }, (_, i) => stores.bodyBindings.bind(`${now}.${i}`.padEnd(70, "k"), "h".repeat(64), now, 60_000)));
      expect(await until(() => statSync(file).size > before, 3000)).toBe(true);
    } finally {
      await stores.close();
    }
  });

  it("reports a thread that cannot work, so the caller checkpoints itself again", async () => {
    const reasons: string[] = [];
    const checkpointer = startCheckpointer(path.join(os.tmpdir(), "wxmp-no-such-dir", "missing.db"), {
      intervalMs: 50,
      onFailure: (reason) => reasons.push(reason),
    });
    expect(await until(() => reasons.length > 0, 3000)).toBe(true);
    expect(reasons[0]).toMatch(/checkpoint thread/);
    await checkpointer.stop(); // after a failure: returns at once
  });
});
