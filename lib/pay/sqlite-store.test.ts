import { afterAll, describe, expect, it } from "vitest";
import { openTestDb } from "@/test/support/test-db";
import { openSqliteConnection, type SqliteConnection } from "../stores/sqlite-connection";
import { createPrismaPayStore } from "./prisma-store";
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

const T0 = 1_700_000_000_123;
const order = (outTradeNo: string) => ({ outTradeNo, appId: "wx1", mchid: "1230000109", productId: "coffee", description: "手冲咖啡", amount: 1990, openid: "o-buyer", expiresAt: T0 + 900_000, createdAt: T0 });
const newNo = () => `S${Math.random().toString(36).slice(2)}`;

describe("the SQLite pay store beside Prisma's", () => {
  it("writes rows Prisma reads as it wrote them, and reads rows Prisma wrote", async () => {
    const { db } = await sqliteDb;
    const store = await open();
    const prisma = createPrismaPayStore(db);
    const ours = newNo();
    await store.insertOrder(order(ours));
    await store.markPaid(ours, ["NOTPAY"], { transactionId: "4200", paidAt: T0 + 5 });
    await store.addEvent({ key: `paid:${ours}`, outTradeNo: ours, kind: "paid", detail: "notify", at: T0 + 6 });
    expect(await prisma.findOrder(ours)).toEqual(await store.findOrder(ours));
    expect(await prisma.findOrder(ours)).toMatchObject({ status: "SUCCESS", paidAt: T0 + 5, createdAt: T0, expiresAt: T0 + 900_000 });
    expect(await prisma.timeline(ours)).toEqual([{ key: `paid:${ours}`, outTradeNo: ours, kind: "paid", detail: "notify", at: T0 + 6 }]);
    const row = await db.payOrder.findUnique({ where: { outTradeNo: ours } });
    expect(row?.updatedAt.getTime()).toBeGreaterThan(T0);
    expect(row?.fulfilmentAttempts).toBe(0);

    const theirs = newNo();
    await prisma.insertOrder(order(theirs));
    await prisma.addEvent({ key: `created:${theirs}`, outTradeNo: theirs, kind: "created", detail: null, at: T0 + 1 });
    expect(await store.findOrder(theirs)).toEqual(await prisma.findOrder(theirs));
    expect(await store.timeline(theirs)).toEqual(await prisma.timeline(theirs));
    // Dates compare as Prisma's do: its row is in our time window, its claim expires on time.
    expect((await store.listOrders({ from: T0, to: T0 + 1, offset: 0, limit: 10 })).items.map((o) => o.outTradeNo).sort()).toEqual([ours, theirs].sort());
    expect(await store.claimQuery(theirs, T0, 5000)).toBe(true);
    expect(await prisma.claimQuery(theirs, T0 + 4999, 5000)).toBe(false);
    expect(await prisma.claimQuery(theirs, T0 + 5000, 5000)).toBe(true);
    expect(await store.claimQuery(theirs, T0 + 9999, 5000)).toBe(false);
  });
});
