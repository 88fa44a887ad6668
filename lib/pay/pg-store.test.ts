/**
 * The PostgreSQL pay store runs only where there is a PostgreSQL: TEST_DATABASE_URL (CI sets it;
 * `npm test` on a machine without one runs the SQLite store's tests instead).
 */
import { afterAll, describe, expect, it } from "vitest";
import { openTestDb, usingPostgres } from "@/test/support/test-db";
import { pgPoolOf } from "../db/client";
import { createPgPayStore } from "./pg-store";
import { createPrismaPayStore } from "./prisma-store";
import { describePayStoreContract } from "./testing/pay-store-contract";

const onPostgres = usingPostgres();
const opened = onPostgres ? openTestDb() : null;
afterAll(async () => (await opened)?.db.$disconnect());

const open = async () => createPgPayStore(pgPoolOf((await opened)!.db));

const T0 = 1_700_000_000_123;
const order = (outTradeNo: string) => ({ outTradeNo, appId: "wx1", mchid: "1230000109", productId: "coffee", description: "手冲咖啡", amount: 1990, openid: "o-buyer", expiresAt: T0 + 900_000, createdAt: T0 });
const newNo = () => `P${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;

describe.runIf(onPostgres)("createPgPayStore (postgresql)", () => {
  describePayStoreContract("pg (prepared statements)", open);

  it("writes rows Prisma reads as it wrote them, and reads rows Prisma wrote", async () => {
    const { db } = (await opened)!;
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
    expect(await store.claimQuery(theirs, T0, 5000)).toBe(true);
    expect(await prisma.claimQuery(theirs, T0 + 4999, 5000)).toBe(false);
    expect(await prisma.claimQuery(theirs, T0 + 5000, 5000)).toBe(true);
    expect(await store.claimQuery(theirs, T0 + 9999, 5000)).toBe(false);
  });

  it("answers each of many concurrent lookups and timeline rows (one batched statement) as if alone", async () => {
    const store = await open();
    const nos = Array.from({ length: 20 }, newNo);
    await Promise.all(nos.map((no) => store.insertOrder(order(no))));
    const missing = newNo();
    const found = await Promise.all([...nos, missing, nos[0] as string].map((no) => store.findOrder(no)));
    expect(found.map((o) => o?.outTradeNo ?? null)).toEqual([...nos, null, nos[0]]);
    expect(found[0]).not.toBe(found[21]); // each caller its own record
    const key = `notified:${newNo()}`;
    const added = await Promise.all([
      store.addEvent({ key, outTradeNo: nos[0] as string, kind: "notified", detail: "a", at: T0 }),
      store.addEvent({ key, outTradeNo: nos[0] as string, kind: "notified", detail: "b", at: T0 }),
      ...nos.map((no) => store.addEvent({ key: `paid:${no}`, outTradeNo: no, kind: "paid", detail: null, at: T0 })),
    ]);
    expect(added).toEqual([true, false, ...nos.map(() => true)]);
    expect((await store.timeline(nos[0] as string)).map((e) => [e.kind, e.detail])).toEqual([["notified", "a"], ["paid", null]]);
  });

});
