import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { openTestDb, usingPostgres } from "@/test/support/test-db";
import { createMemoryInteractionStore, type InteractionStore } from "./interactions";
import { createPrismaInteractionStore } from "./prisma-store";

const opened = openTestDb();
afterAll(async () => (await opened).db.$disconnect());

const T0 = 1_700_000_000_000;

// The Prisma store behaves as the in-memory one.
const stores: Array<[string, () => Promise<InteractionStore>]> = [
  ["memory", async () => createMemoryInteractionStore()],
  [usingPostgres() ? "prisma (postgresql)" : "prisma (sqlite)", async () => createPrismaInteractionStore((await opened).db, `wx${randomUUID().replaceAll("-", "").slice(0, 16)}`)],
];

describe.each(stores)("InteractionStore: %s", (_name, makeStore) => {
  it("keeps the latest interaction per follower and counts sends since it", async () => {
    const store = await makeStore();
    expect(await store.get("oA")).toBeNull();
    await store.recordInteractions([
      { openid: "oA", at: T0, kind: "message" },
      { openid: "oA", at: T0 + 5, kind: "event" },
      { openid: "oB", at: T0 + 1, kind: "message" },
    ]);
    expect(await store.get("oA")).toEqual({ openid: "oA", at: T0 + 5, kind: "event", sent: 0 });
    await store.countSent("oA");
    await store.countSent("oA");
    expect(await store.get("oA")).toMatchObject({ sent: 2 });
    // A late, older push changes nothing; a new interaction grants a fresh allowance.
    await store.recordInteractions([{ openid: "oA", at: T0 + 1, kind: "message" }]);
    expect(await store.get("oA")).toEqual({ openid: "oA", at: T0 + 5, kind: "event", sent: 2 });
    await store.recordInteractions([{ openid: "oA", at: T0 + 60, kind: "message" }]);
    expect(await store.get("oA")).toEqual({ openid: "oA", at: T0 + 60, kind: "message", sent: 0 });
    expect(await store.get("oB")).toEqual({ openid: "oB", at: T0 + 1, kind: "message", sent: 0 });
  });

  it("counting a send for a follower never seen records nothing", async () => {
    const store = await makeStore();
    await store.countSent("oZ");
    expect(await store.get("oZ")).toBeNull();
  });
});
