/**
 * The PostgreSQL webhook stores run only where there is a PostgreSQL: TEST_DATABASE_URL (CI sets
 * it; `npm test` on a machine without one runs the SQLite stores' tests instead).
 */
import { afterAll, describe, it } from "vitest";
import { describeBodyBindingStoreContract } from "@wxmp/wechat/testing/body-binding-store-contract";
import { describeDedupStoreContract } from "@wxmp/wechat/testing/dedup-store-contract";
import { expectPrismaDateInterop } from "@/test/support/prisma-date-interop";
import { openTestDb, usingPostgres } from "@/test/support/test-db";
import { pgPoolOf } from "../db/client";
import { createPgWebhookStores } from "./pg-webhook-stores";

const onPostgres = usingPostgres();
const opened = onPostgres ? openTestDb() : null;
afterAll(async () => (await opened)?.db.$disconnect());

const stores = async () => {
  const { db } = (await opened)!;
  return { db, ...createPgWebhookStores(pgPoolOf(db)) };
};

describe.runIf(onPostgres)("createPgWebhookStores (postgresql)", () => {
  describeDedupStoreContract("pg (prepared statements)", async () => (await stores()).dedup);
  describeBodyBindingStoreContract("pg (prepared statements)", async () => (await stores()).bodyBindings);

  it("stores dates as Prisma does (UTC timestamp(3)), both ways", async () => {
    const { db, dedup } = await stores();
    await expectPrismaDateInterop(db, dedup);
  });
});
