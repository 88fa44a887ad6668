/**
 * The PostgreSQL pay store runs only where there is a PostgreSQL: TEST_DATABASE_URL (CI sets it;
 * `npm test` on a machine without one runs the SQLite store's tests instead).
 */
import { afterAll, describe, expect, it } from "vitest";
import { expectPrismaReadsOurPayRows } from "@/test/support/pay-store-interop";
import { openTestDb, usingPostgres } from "@/test/support/test-db";
import { pgPoolOf } from "../db/client";
import { createPgPayStore } from "./pg-store";
import { describePayStoreContract } from "./testing/pay-store-contract";
import { id, order } from "./testing/pay-store-fixtures";

const onPostgres = usingPostgres();
const opened = onPostgres ? openTestDb() : null;
afterAll(async () => (await opened)?.db.$disconnect());

const open = async () => createPgPayStore(pgPoolOf((await opened)!.db));

const T0 = 1_700_000_000_123;
const newNo = () => id("P");

describe.runIf(onPostgres)("createPgPayStore (postgresql)", () => {
  describePayStoreContract("pg (prepared statements)", open);

  it("writes rows Prisma reads as it wrote them, and reads rows Prisma wrote", async () => expectPrismaReadsOurPayRows((await opened)!.db, await open()));

  it("answers each of many concurrent lookups and timeline rows (one batched statement) as if alone", async () => {
    const store = await open();
    const nos = Array.from({ length: 20 }, newNo);
    await Promise.all(nos.map((no) => store.insertOrder(order({ outTradeNo: no, createdAt: T0 }))));
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
