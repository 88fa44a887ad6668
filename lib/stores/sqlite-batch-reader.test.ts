import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createSqliteBatchReader } from "./sqlite-batch-reader";

const file = `${process.env.TMPDIR ?? "/tmp"}/wxmp-batch-reader-${process.pid}-${Date.now()}.db`;
const setup = new BetterSqlite3(file);
setup.pragma("journal_mode = WAL");
setup.exec(`CREATE TABLE "T" ("k" TEXT PRIMARY KEY, "v" INTEGER NOT NULL); INSERT INTO "T" VALUES ('a', 1), ('b', 2)`);
const sqlite = new BetterSqlite3(file);
const other = new BetterSqlite3(file);
afterAll(() => [setup, sqlite, other].forEach((db) => db.close()));

const read = createSqliteBatchReader(sqlite);
const get = sqlite.prepare<[string], { v: number }>(`SELECT "v" FROM "T" WHERE "k" = ?`);

describe("createSqliteBatchReader", () => {
  it("runs the reads of one turn in one read transaction, each with its own result", async () => {
    const seen: boolean[] = [];
    const values = await Promise.all(["a", "b", "a"].map((k) => read(() => (seen.push(sqlite.inTransaction), get.get(k)?.v))));
    expect(values).toEqual([1, 2, 1]);
    expect(seen).toEqual([true, true, true]);
    expect(sqlite.inTransaction).toBe(false);
  });

  it("runs a lone read outside any transaction", async () => {
    expect(await read(() => sqlite.inTransaction)).toBe(false);
  });

  it("fails a read that throws alone", async () => {
    const results = await Promise.allSettled([
      read(() => get.get("a")?.v),
      read(() => {
        throw new Error("boom");
      }),
      read(() => get.get("b")?.v),
    ]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual([1, "boom", 2]);
    expect(sqlite.inTransaction).toBe(false);
  });

  it("sees what another connection committed before the batch (no snapshot kept between batches)", async () => {
    expect(await Promise.all([read(() => get.get("a")?.v), read(() => get.get("c")?.v)])).toEqual([1, undefined]);
    other.exec(`INSERT INTO "T" VALUES ('c', 3); UPDATE "T" SET "v" = 10 WHERE "k" = 'a'`);
    expect(await Promise.all([read(() => get.get("a")?.v), read(() => get.get("c")?.v)])).toEqual([10, 3]);
  });

  it("runs inside a write transaction the connection has open, seeing its writes", async () => {
    sqlite.exec("BEGIN IMMEDIATE");
    sqlite.exec(`UPDATE "T" SET "v" = 20 WHERE "k" = 'b'`);
    const values = await Promise.all([read(() => get.get("b")?.v), read(() => get.get("a")?.v)]);
    expect(sqlite.inTransaction).toBe(true);
    sqlite.exec("ROLLBACK");
    expect(values).toEqual([20, 10]);
  });
});
