import { afterAll, describe, expect, it } from "vitest";
import { describeBodyBindingStoreContract } from "@/lib/wechat/testing/body-binding-store-contract";
import { openTestDb, usingPostgres } from "@/test/test-db";
import { createPrismaBodyBindingStore } from "./prisma-body-binding-store";

const opened = openTestDb();
afterAll(async () => (await opened).db.$disconnect());

describeBodyBindingStoreContract(usingPostgres() ? "prisma (postgresql)" : "prisma (sqlite)", async () =>
  createPrismaBodyBindingStore((await opened).db),
);

// Concurrent binds go out as one statement; each must still get its own answer.
describe(`createPrismaBodyBindingStore batches (${usingPostgres() ? "postgresql" : "sqlite"})`, () => {
  it("answers each bind of a mixed batch by its own key: new, same body, other body, expired", async () => {
    const store = createPrismaBodyBindingStore((await opened).db);
    const T0 = 1_700_000_000_000;
    const TTL = 660_000;
    const id = () => `batch-${Math.random().toString(36).slice(2)}`;
    const [held, expired, fresh] = [id(), id(), id()];
    await Promise.all([store.bind(held, "A", T0, TTL), store.bind(expired, "A", T0 - 2 * TTL, TTL)]);
    const answers = await Promise.all([
      store.bind(fresh, "A", T0, TTL),
      store.bind(fresh, "A", T0, TTL), // a retry racing the first delivery
      store.bind(fresh, "B", T0, TTL), // a forgery racing it
      store.bind(held, "A", T0 + 1, TTL),
      store.bind(held, "B", T0 + 1, TTL),
      store.bind(expired, "B", T0, TTL),
    ]);
    expect(answers).toEqual([true, true, false, true, false, true]);
    expect(await store.bind(expired, "A", T0 + 1, TTL)).toBe(false); // now bound to B
  });
});
