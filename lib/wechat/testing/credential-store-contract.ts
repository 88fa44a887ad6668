/**
 * Behaviour every CredentialStore must have. Register it from a test file:
 *
 *   describeCredentialStoreContract("memory", () => createMemoryCredentialStore());
 *   describeCredentialStoreContract("prisma", async () => createPrismaCredentialStore(db));
 *
 * Each test uses its own random appId, so a shared database needs no cleanup.
 */
import { describe, expect, it } from "vitest";
import type { CredentialKind, CredentialStore } from "../token/store";

const T0 = Date.UTC(2024, 5, 1, 4, 0, 0); // 12:00 in Beijing
const LEASE = 15_000;
const KIND: CredentialKind = "access_token";

type Fresh = () => Promise<{ store: CredentialStore; appId: string }>;

/** Reading and taking the lease. */
function leaseRules(fresh: Fresh): void {
  it("returns null for a credential never seen", async () => {
    const { store, appId } = await fresh();
    expect(await store.get(appId, KIND)).toBeNull();
  });

  it("gives the lease to exactly one owner, and is not re-entrant", async () => {
    const { store, appId } = await fresh();
    const results = await Promise.all(
      ["a", "b", "c", "d", "e"].map((owner) => store.acquireLease(appId, KIND, owner, T0, LEASE)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const holder = ["a", "b", "c", "d", "e"][results.indexOf(true)]!;
    expect(await store.acquireLease(appId, KIND, holder, T0 + 1, LEASE)).toBe(false);
    const row = await store.get(appId, KIND);
    expect(row).toMatchObject({ leaseOwner: holder, leaseUntil: T0 + LEASE, value: null, refreshCount: 0, totalRefreshCount: 0 });
  });

  it("lets another owner take over a lease only once it has expired", async () => {
    const { store, appId } = await fresh();
    expect(await store.acquireLease(appId, KIND, "dead", T0, LEASE)).toBe(true);
    expect(await store.acquireLease(appId, KIND, "next", T0 + LEASE, LEASE)).toBe(false);
    expect(await store.acquireLease(appId, KIND, "next", T0 + LEASE + 1, LEASE)).toBe(true);
    expect(await store.get(appId, KIND)).toMatchObject({ leaseOwner: "next", leaseUntil: T0 + 2 * LEASE + 1 });
  });
}

/** Saving a refresh or a failure: only the lease holder's counts. */
function saveRules(fresh: Fresh): void {
  it("saves a refreshed value for the holder, releases the lease and counts it", async () => {
    const { store, appId } = await fresh();
    const long = "T".repeat(600); // WeChat: reserve at least 512 characters
    await store.acquireLease(appId, KIND, "a", T0, LEASE);
    expect(await store.saveRefreshed(appId, KIND, "a", long, T0 + 7_000_000, T0 + 10)).toBe(true);
    expect(await store.get(appId, KIND)).toMatchObject({
      value: long,
      expiresAt: T0 + 7_000_000,
      refreshedAt: T0 + 10,
      leaseOwner: null,
      refreshCount: 1,
      refreshDay: "2024-06-01",
      totalRefreshCount: 1,
    });
    expect(await store.acquireLease(appId, KIND, "b", T0 + 20, LEASE)).toBe(true);
  });

  it("refuses saveRefreshed from a non-holder and changes nothing", async () => {
    const { store, appId } = await fresh();
    await store.acquireLease(appId, KIND, "a", T0, LEASE);
    expect(await store.saveRefreshed(appId, KIND, "intruder", "X", T0 + 1000, T0)).toBe(false);
    expect(await store.get(appId, KIND)).toMatchObject({ value: null, leaseOwner: "a", totalRefreshCount: 0 });
    const { store: other, appId: emptyApp } = await fresh();
    expect(await other.saveRefreshed(emptyApp, KIND, "nobody", "X", T0 + 1000, T0)).toBe(false);
  });

  it("refuses the save of a holder whose expired lease was taken over", async () => {
    const { store, appId } = await fresh();
    await store.acquireLease(appId, KIND, "slow", T0, LEASE);
    await store.acquireLease(appId, KIND, "fast", T0 + LEASE + 1, LEASE);
    expect(await store.saveRefreshed(appId, KIND, "fast", "NEW", T0 + 9e6, T0 + LEASE + 2)).toBe(true);
    expect(await store.saveRefreshed(appId, KIND, "slow", "OLD", T0 + 9e6, T0 + LEASE + 3)).toBe(false);
    expect(await store.get(appId, KIND)).toMatchObject({ value: "NEW", totalRefreshCount: 1 });
  });

  it("records a failure and releases the holder's lease; a non-holder's failure leaves the lease", async () => {
    const { store, appId } = await fresh();
    await store.acquireLease(appId, KIND, "a", T0, LEASE);
    await store.saveFailure(appId, KIND, "b", "WeChat API error 45009: quota", T0 + 1);
    expect(await store.get(appId, KIND)).toMatchObject({ leaseOwner: "a", lastError: "WeChat API error 45009: quota", lastErrorAt: T0 + 1 });
    await store.saveFailure(appId, KIND, "a", "WeChat API error 40164: invalid ip 203.0.113.7", T0 + 2);
    expect(await store.get(appId, KIND)).toMatchObject({ leaseOwner: null, lastError: "WeChat API error 40164: invalid ip 203.0.113.7", lastErrorAt: T0 + 2 });
    expect(await store.acquireLease(appId, KIND, "c", T0 + 3, LEASE)).toBe(true);
    await store.saveRefreshed(appId, KIND, "c", "V", T0 + 9e6, T0 + 4);
    expect(await store.get(appId, KIND)).toMatchObject({ value: "V", lastErrorAt: T0 + 2, refreshedAt: T0 + 4 });
  });
}

/** Releasing the lease, invalidating a value, counting per Beijing day, keeping keys apart. */
function releaseAndValueRules(fresh: Fresh): void {
  it("releases a lease only for its holder, leaving the value alone", async () => {
    const { store, appId } = await fresh();
    await store.acquireLease(appId, KIND, "a", T0, LEASE);
    await store.saveRefreshed(appId, KIND, "a", "V1", T0 + 9e6, T0 + 1);
    expect(await store.acquireLease(appId, KIND, "b", T0 + 2, LEASE)).toBe(true);
    await store.releaseLease(appId, KIND, "c");
    expect(await store.get(appId, KIND)).toMatchObject({ leaseOwner: "b", value: "V1" });
    await store.releaseLease(appId, KIND, "b");
    expect(await store.get(appId, KIND)).toMatchObject({ leaseOwner: null, leaseUntil: null, value: "V1", totalRefreshCount: 1 });
    expect(await store.acquireLease(appId, KIND, "c", T0 + 3, LEASE)).toBe(true);
  });

  it("invalidates only the value that failed (compare-and-set)", async () => {
    const { store, appId } = await fresh();
    expect(await store.invalidate(appId, KIND, "anything")).toBe(false);
    await store.acquireLease(appId, KIND, "a", T0, LEASE);
    await store.saveRefreshed(appId, KIND, "a", "CURRENT", T0 + 9e6, T0);
    expect(await store.invalidate(appId, KIND, "STALE")).toBe(false);
    expect(await store.get(appId, KIND)).toMatchObject({ value: "CURRENT", expiresAt: T0 + 9e6 });
    expect(await store.invalidate(appId, KIND, "CURRENT")).toBe(true);
    const row = await store.get(appId, KIND);
    expect(row?.expiresAt ?? 0).toBeLessThanOrEqual(T0);
    expect(row?.value).toBe("CURRENT");
    // Only the first of several callers that saw the same failure wins.
    expect(await store.invalidate(appId, KIND, "CURRENT")).toBe(false);
  });

  it("resets the daily refresh count at 00:00 Beijing time (16:00 UTC)", async () => {
    const { store, appId } = await fresh();
    const refreshAt = async (owner: string, now: number): Promise<void> => {
      expect(await store.acquireLease(appId, KIND, owner, now, LEASE)).toBe(true);
      expect(await store.saveRefreshed(appId, KIND, owner, `v-${now}`, now + 7e6, now)).toBe(true);
    };
    await refreshAt("a", Date.UTC(2024, 0, 1, 15, 59, 58));
    await refreshAt("b", Date.UTC(2024, 0, 1, 15, 59, 59));
    expect(await store.get(appId, KIND)).toMatchObject({ refreshCount: 2, refreshDay: "2024-01-01", totalRefreshCount: 2 });
    await refreshAt("c", Date.UTC(2024, 0, 1, 16, 0, 0));
    expect(await store.get(appId, KIND)).toMatchObject({ refreshCount: 1, refreshDay: "2024-01-02", totalRefreshCount: 3 });
  });

  it("keeps credentials of different kinds and apps apart", async () => {
    const { store, appId } = await fresh();
    await store.acquireLease(appId, "access_token", "a", T0, LEASE);
    expect(await store.acquireLease(appId, "jsapi_ticket", "b", T0, LEASE)).toBe(true);
    expect(await store.acquireLease(`${appId}x`, "access_token", "c", T0, LEASE)).toBe(true);
    await store.saveRefreshed(appId, "jsapi_ticket", "b", "TICKET", T0 + 9e6, T0);
    expect((await store.get(appId, "access_token"))?.value).toBeNull();
    expect((await store.get(appId, "jsapi_ticket"))?.value).toBe("TICKET");
  });
}

/** Forgetting an account's rows (an authorizer that unauthorized), and the kinds of the third-party platform. */
function forgetAndPlatformRules(fresh: Fresh): void {
  it("keeps the platform's kinds apart from an account's own, per appId", async () => {
    const { store, appId } = await fresh();
    const kinds: CredentialKind[] = ["access_token", "jsapi_ticket", "component_access_token", "authorizer_access_token", "authorizer_jsapi_ticket"];
    for (const [i, kind] of kinds.entries()) {
      expect(await store.acquireLease(appId, kind, `o${i}`, T0, LEASE)).toBe(true);
      expect(await store.saveRefreshed(appId, kind, `o${i}`, `V-${kind}`, T0 + 9e6, T0)).toBe(true);
    }
    for (const kind of kinds) expect((await store.get(appId, kind))?.value).toBe(`V-${kind}`);
    expect(await store.invalidate(appId, "authorizer_access_token", "V-access_token")).toBe(false);
    expect(await store.invalidate(appId, "authorizer_access_token", "V-authorizer_access_token")).toBe(true);
    expect(await store.get(appId, "access_token")).toMatchObject({ expiresAt: T0 + 9e6 });
  });

  it("forgets only the kinds named, of that appId only", async () => {
    const { store, appId } = await fresh();
    const save = async (id: string, kind: CredentialKind, owner: string): Promise<void> => {
      expect(await store.acquireLease(id, kind, owner, T0, LEASE)).toBe(true);
      expect(await store.saveRefreshed(id, kind, owner, `${id}-${kind}`, T0 + 9e6, T0)).toBe(true);
    };
    await save(appId, "authorizer_access_token", "a");
    await save(appId, "authorizer_jsapi_ticket", "b");
    await save(appId, "access_token", "c");
    await save(`${appId}x`, "authorizer_access_token", "d");
    await store.forget(appId, ["authorizer_access_token", "authorizer_jsapi_ticket"]);
    expect(await store.get(appId, "authorizer_access_token")).toBeNull();
    expect(await store.get(appId, "authorizer_jsapi_ticket")).toBeNull();
    expect((await store.get(appId, "access_token"))?.value).toBe(`${appId}-access_token`);
    expect((await store.get(`${appId}x`, "authorizer_access_token"))?.value).toBe(`${appId}x-authorizer_access_token`);
    await store.forget(`${appId}never-seen`, ["access_token"]); // nothing to forget: no error
  });

  it("lets no refresh that was in flight write its value back once forgotten", async () => {
    const { store, appId } = await fresh();
    expect(await store.acquireLease(appId, "authorizer_access_token", "slow", T0, LEASE)).toBe(true);
    await store.forget(appId, ["authorizer_access_token"]);
    expect(await store.saveRefreshed(appId, "authorizer_access_token", "slow", "LATE", T0 + 9e6, T0 + 1)).toBe(false);
    expect(await store.get(appId, "authorizer_access_token")).toBeNull();
    // The row starts afresh for whoever comes next.
    expect(await store.acquireLease(appId, "authorizer_access_token", "next", T0 + 2, LEASE)).toBe(true);
    expect(await store.get(appId, "authorizer_access_token")).toMatchObject({ value: null, totalRefreshCount: 0 });
  });
}

export function describeCredentialStoreContract(
  name: string,
  makeStore: () => CredentialStore | Promise<CredentialStore>,
): void {
  const fresh: Fresh = async () => ({
    store: await makeStore(),
    appId: `wxcontract${Math.random().toString(36).slice(2, 12)}`,
  });

  describe(`CredentialStore contract: ${name}`, () => {
    leaseRules(fresh);
    saveRules(fresh);
    releaseAndValueRules(fresh);
    forgetAndPlatformRules(fresh);
  });
}
