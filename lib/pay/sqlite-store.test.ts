import { afterAll, describe, it } from "vitest";
import { expectPrismaReadsOurPayRows } from "@/test/support/pay-store-interop";
import { openTestDb } from "@/test/support/test-db";
import { openSqliteConnection, type SqliteConnection } from "../stores/sqlite-connection";
import { createSqlitePayStore, preparePayStatements } from "./sqlite-store";
import { describePayStoreContract } from "./testing/pay-store-contract";

// Always SQLite (the store exists only there): a fresh migrated file.
const sqliteDb = openTestDb(`file:${process.env.TMPDIR ?? "/tmp"}/wxmp-sqlite-pay-${process.pid}-${Date.now()}.db`);
const opened: SqliteConnection[] = [];
const open = async () => {
  const { target } = await sqliteDb;
  if (target.provider !== "sqlite") throw new Error("expected a SQLite target");
  const { connection, statements } = openSqliteConnection(target.file, preparePayStatements);
  opened.push(connection);
  return createSqlitePayStore(connection, statements);
};
afterAll(async () => {
  await Promise.all(opened.map((c) => c.close()));
  await (await sqliteDb).db.$disconnect();
});

describePayStoreContract("sqlite (prepared statements)", open);

describe("the SQLite pay store beside Prisma's", () => {
  it("writes rows Prisma reads as it wrote them, and reads rows Prisma wrote", async () => expectPrismaReadsOurPayRows((await sqliteDb).db, await open()));
});
