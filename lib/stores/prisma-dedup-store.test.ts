import { afterAll, describe, expect, it } from "vitest";
import { createMemoryDedupStore, type DedupStore } from "@/lib/wechat/dedup";
import { openTestDb, usingPostgres } from "@/test/test-db";
import { createPrismaDedupStore } from "./prisma-dedup-store";

const opened = openTestDb();
afterAll(async () => (await opened).db.$disconnect());

const T0 = 1_700_000_000_000;
const LEASE = 10_000;
const TTL = 300_000;
const newKey = () => `dedup-${Math.random().toString(36).slice(2)}`;

// The same behaviour from the in-memory store and the database store: the webhook's
// exactly-once guarantee depends on nothing else.
const stores: Array<[string, () => Promise<DedupStore>]> = [
  ["memory", async () => createMemoryDedupStore()],
  [usingPostgres() ? "prisma (postgresql)" : "prisma (sqlite)", async () => createPrismaDedupStore((await opened).db)],
];

describe.each(stores)("DedupStore: %s", (_name, makeStore) => {
  it("lets exactly one of many concurrent claimers own a key", async () => {
    const store = await makeStore();
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 8 }, () => store.claim(key, T0, LEASE, TTL)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.get(key)).toMatchObject({ key, status: "running", reply: null, leaseUntil: T0 + LEASE, expiresAt: T0 + TTL });
  });

  it("keeps the stored reply for retries once done, and refuses new claims", async () => {
    const store = await makeStore();
    const key = newKey();
    expect(await store.claim(key, T0, LEASE, TTL)).toBe(true);
    await store.complete(key, "<xml>reply</xml>");
    expect(await store.claim(key, T0 + LEASE + 1, LEASE, TTL)).toBe(false);
    expect(await store.get(key)).toMatchObject({ status: "done", reply: "<xml>reply</xml>" });
  });

  it("lets a retry take over a running record whose owner's lease ran out, but not a deferred one", async () => {
    const store = await makeStore();
    const dead = newKey();
    expect(await store.claim(dead, T0, LEASE, TTL)).toBe(true);
    expect(await store.claim(dead, T0 + LEASE - 1, LEASE, TTL)).toBe(false);
    expect(await store.claim(dead, T0 + LEASE + 1, LEASE, TTL)).toBe(true);

    const deferred = newKey();
    expect(await store.claim(deferred, T0, LEASE, TTL)).toBe(true);
    await store.defer(deferred);
    expect(await store.claim(deferred, T0 + LEASE + 1, LEASE, TTL)).toBe(false);
    expect((await store.get(deferred))?.status).toBe("deferred");
  });

  it("purges expired records and lets the key be claimed afresh", async () => {
    const store = await makeStore();
    const key = newKey();
    expect(await store.claim(key, T0, LEASE, TTL)).toBe(true);
    await store.complete(key, null);
    expect(await store.claim(key, T0 + TTL + 1, LEASE, TTL)).toBe(true);
    expect(await store.get(key)).toMatchObject({ status: "running", reply: null });
    const old = newKey();
    await store.claim(old, T0 - 2 * TTL, LEASE, TTL);
    expect(await store.purgeExpired(T0)).toBeGreaterThanOrEqual(1);
    expect(await store.get(old)).toBeNull();
    expect(await store.get(key)).not.toBeNull();
  });
});
