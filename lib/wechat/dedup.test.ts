import { describe, expect, it } from "vitest";
import { createMemoryDedupStore } from "./dedup";

const LEASE = 5_000;
const TTL = 300_000;

describe("createMemoryDedupStore", () => {
  it("lets exactly one of many concurrent claims win", async () => {
    const store = createMemoryDedupStore();
    const results = await Promise.all(Array.from({ length: 10 }, () => store.claim("k", 1_000, LEASE, TTL)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.get("k")).toEqual({
      key: "k",
      status: "running",
      reply: null,
      leaseUntil: 1_000 + LEASE,
      expiresAt: 1_000 + TTL,
    });
  });

  it("keys are independent", async () => {
    const store = createMemoryDedupStore();
    expect(await store.claim("a", 0, LEASE, TTL)).toBe(true);
    expect(await store.claim("b", 0, LEASE, TTL)).toBe(true);
  });

  it("a running record can be taken over only after its lease ends", async () => {
    const store = createMemoryDedupStore();
    await store.claim("k", 0, LEASE, TTL);
    expect(await store.claim("k", LEASE, LEASE, TTL)).toBe(false); // leaseUntil == now is still held
    expect(await store.claim("k", LEASE + 1, LEASE, TTL)).toBe(true);
    expect((await store.get("k"))?.leaseUntil).toBe(LEASE + 1 + LEASE);
  });

  it("done and deferred records are never taken over before they expire", async () => {
    const store = createMemoryDedupStore();
    await store.claim("done", 0, LEASE, TTL);
    await store.complete("done", "<xml/>");
    await store.claim("deferred", 0, LEASE, TTL);
    await store.defer("deferred");
    for (const key of ["done", "deferred"]) {
      expect(await store.claim(key, LEASE * 10, LEASE, TTL)).toBe(false);
    }
    expect(await store.get("done")).toMatchObject({ status: "done", reply: "<xml/>" });
    expect(await store.get("deferred")).toMatchObject({ status: "deferred", reply: null });
    // After expiry the key is free again (a genuinely new push with a reused key).
    expect(await store.claim("done", TTL + 1, LEASE, TTL)).toBe(true);
  });

  it("complete with null records a `success` answer", async () => {
    const store = createMemoryDedupStore();
    await store.claim("k", 0, LEASE, TTL);
    await store.complete("k", null);
    expect(await store.get("k")).toMatchObject({ status: "done", reply: null });
  });

  it("get returns null for unknown keys and copies, not live records", async () => {
    const store = createMemoryDedupStore();
    expect(await store.get("nope")).toBeNull();
    await store.claim("k", 0, LEASE, TTL);
    const copy = await store.get("k");
    copy!.status = "done";
    expect((await store.get("k"))?.status).toBe("running");
  });

  it("complete/defer on a purged key do not resurrect it", async () => {
    const store = createMemoryDedupStore();
    await store.complete("ghost", "x");
    await store.defer("ghost");
    expect(await store.get("ghost")).toBeNull();
  });

  it("purgeExpired removes only expired records and reports how many", async () => {
    const store = createMemoryDedupStore();
    await store.claim("old1", 0, LEASE, 10);
    await store.claim("old2", 0, LEASE, 10);
    await store.claim("fresh", 0, LEASE, TTL);
    expect(await store.purgeExpired(10)).toBe(0); // expiresAt == now is kept
    expect(await store.purgeExpired(11)).toBe(2);
    expect(await store.get("old1")).toBeNull();
    expect(await store.get("fresh")).not.toBeNull();
  });
});
