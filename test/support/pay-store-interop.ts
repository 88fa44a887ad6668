/**
 * A pay store on prepared statements (SQLite, pg) beside Prisma's on the same database: the rows
 * it writes are what Prisma reads, and it reads Prisma's rows as Prisma does — times included,
 * in both directions, with the query-on-read claim expiring on time for either.
 */
import { expect } from "vitest";
import type { Db } from "@/lib/db/client";
import { createPrismaPayStore } from "@/lib/pay/prisma-store";
import type { PayStore } from "@/lib/pay/store";
import { id, order } from "@/lib/pay/testing/pay-store-fixtures";

const T0 = 1_700_000_000_123;

export async function expectPrismaReadsOurPayRows(db: Db, store: PayStore): Promise<void> {
  const prisma = createPrismaPayStore(db);
  const ours = id("O");
  await store.insertOrder(order({ outTradeNo: ours, createdAt: T0 }));
  await store.markPaid(ours, ["NOTPAY"], { transactionId: "4200", paidAt: T0 + 5 });
  await store.addEvent({ key: `paid:${ours}`, outTradeNo: ours, kind: "paid", detail: "notify", at: T0 + 6 });
  expect(await prisma.findOrder(ours)).toEqual(await store.findOrder(ours));
  expect(await prisma.findOrder(ours)).toMatchObject({ status: "SUCCESS", paidAt: T0 + 5, createdAt: T0, expiresAt: T0 + 900_000 });
  expect(await prisma.timeline(ours)).toEqual([{ key: `paid:${ours}`, outTradeNo: ours, kind: "paid", detail: "notify", at: T0 + 6 }]);
  const row = await db.payOrder.findUnique({ where: { outTradeNo: ours } });
  expect(row?.updatedAt.getTime()).toBeGreaterThan(T0);
  expect(row?.fulfilmentAttempts).toBe(0);

  const theirs = id("P");
  await prisma.insertOrder(order({ outTradeNo: theirs, createdAt: T0 }));
  await prisma.addEvent({ key: `created:${theirs}`, outTradeNo: theirs, kind: "created", detail: null, at: T0 + 1 });
  expect(await store.findOrder(theirs)).toEqual(await prisma.findOrder(theirs));
  expect(await store.timeline(theirs)).toEqual(await prisma.timeline(theirs));
  // Dates compare as Prisma's do: its row is in our time window (a shared database may hold earlier runs' too), its claim expires on time.
  expect((await store.listOrders({ from: T0, to: T0 + 1, offset: 0, limit: 100 })).items.map((o) => o.outTradeNo)).toEqual(expect.arrayContaining([ours, theirs]));
  expect(await store.claimQuery(theirs, T0, 5000)).toBe(true);
  expect(await prisma.claimQuery(theirs, T0 + 4999, 5000)).toBe(false);
  expect(await prisma.claimQuery(theirs, T0 + 5000, 5000)).toBe(true);
  expect(await store.claimQuery(theirs, T0 + 9999, 5000)).toBe(false);
}
