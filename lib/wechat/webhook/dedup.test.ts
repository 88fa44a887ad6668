import { describe, expect, it } from "vitest";
import { describeDedupStoreContract } from "../testing/dedup-store-contract";
import { claimOrWait, createMemoryDedupStore, type DedupStore } from "./dedup";

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

describe("claimOrWait", () => {
  const never = new Promise<never>(() => undefined);
  const options = (deadline: Promise<unknown> = never, now = (): number => 0) => ({
    now,
    leaseMs: LEASE,
    ttlMs: TTL,
    pollMs: 1,
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    deadline,
  });

  it("makes the first caller the owner", async () => {
    expect(await claimOrWait(createMemoryDedupStore(), "k", options())).toEqual({ kind: "owner" });
  });

  it("a second caller waits for the owner's reply", async () => {
    const store = createMemoryDedupStore();
    await claimOrWait(store, "k", options());
    const waiting = claimOrWait(store, "k", options());
    setTimeout(() => void store.complete("k", "<xml>r</xml>"), 10);
    expect(await waiting).toEqual({ kind: "done", reply: "<xml>r</xml>" });
  });

  it("reports a deferred owner", async () => {
    const store = createMemoryDedupStore();
    await claimOrWait(store, "k", options());
    await store.defer("k");
    expect(await claimOrWait(store, "k", options())).toEqual({ kind: "deferred" });
  });

  it("gives up at the deadline while the owner still runs", async () => {
    const store = createMemoryDedupStore();
    await claimOrWait(store, "k", options());
    const deadline = new Promise((resolve) => setTimeout(resolve, 20));
    expect(await claimOrWait(store, "k", options(deadline))).toEqual({ kind: "timeout" });
  });

  it("takes over when the owner's lease runs out while waiting", async () => {
    const store = createMemoryDedupStore();
    let now = 0;
    await claimOrWait(store, "k", options(never, () => now));
    const waiting = claimOrWait(store, "k", options(never, () => now));
    setTimeout(() => (now = LEASE + 1), 10);
    expect(await waiting).toEqual({ kind: "owner" });
  });

  it("lets store errors propagate to the caller", async () => {
    const store: DedupStore = { ...createMemoryDedupStore(), claim: () => Promise.reject(new Error("down")) };
    await expect(claimOrWait(store, "k", options())).rejects.toThrow("down");
  });
});

describeDedupStoreContract("memory", () => createMemoryDedupStore());
