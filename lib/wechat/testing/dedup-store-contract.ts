/**
 * Behaviour every DedupStore must have (the webhook's exactly-once guarantee depends on
 * nothing else). Register it from a test file:
 *
 *   describeDedupStoreContract("memory", () => createMemoryDedupStore());
 *   describeDedupStoreContract("prisma", async () => createPrismaDedupStore(db));
 *
 * Each test uses its own random keys, so a shared database needs no cleanup.
 */
import { describe, expect, it } from "vitest";
import type { DedupStore } from "../webhook/dedup";

const T0 = 1_700_000_000_000;
const LEASE = 10_000;
const TTL = 300_000;
const newKey = () => `dedup-${Math.random().toString(36).slice(2)}`;

export function describeDedupStoreContract(name: string, makeStore: () => DedupStore | Promise<DedupStore>): void {
  describe(`DedupStore contract: ${name}`, () => {
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

    it("records a late delivery's outcome on the push's record (sent, or why not)", async () => {
      const store = await makeStore();
      const [sent, failed] = [newKey(), newKey()];
      for (const key of [sent, failed]) {
        expect(await store.claim(key, T0, LEASE, TTL)).toBe(true);
        await store.defer(key);
      }
      await store.recordLate(sent, { sentAt: T0 + 6_000 });
      await store.recordLate(failed, { error: "45015 response out of time limit" });
      expect(await store.get(sent)).toMatchObject({ status: "deferred", late: { sentAt: T0 + 6_000 } });
      expect(await store.get(failed)).toMatchObject({ status: "deferred", late: { error: "45015 response out of time limit" } });
      // A record purged meanwhile is not resurrected by a late outcome.
      await store.purgeExpired(T0 + 2 * TTL);
      await store.recordLate(sent, { sentAt: T0 + 7_000 });
      expect(await store.get(sent)).toBeNull();
    });
  });
}
