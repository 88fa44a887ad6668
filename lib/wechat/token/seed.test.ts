import { describe, expect, it } from "vitest";
import { seedCredential } from "./seed";
import { createMemoryCredentialStore } from "./store";

const T0 = Date.UTC(2024, 0, 1);
const seed = { appId: "wxa", kind: "authorizer_access_token" as const, value: "V", expiresInSec: 7200, startedAt: T0, now: T0 + 300, owner: "me", leaseMs: 15_000, safetyMarginMs: 60_000 };

describe("seedCredential", () => {
  it("stores the value as a refresh would: expiry from when the call started, minus the margin; lease released; counted", async () => {
    const store = createMemoryCredentialStore();
    expect(await seedCredential(store, seed)).toBe(true);
    expect(await store.get("wxa", "authorizer_access_token")).toMatchObject({
      value: "V",
      expiresAt: T0 + 7200_000 - 60_000,
      refreshedAt: T0 + 300,
      leaseOwner: null,
      refreshCount: 1,
    });
  });

  it("gives way to a refresh under way in another process (its value wins)", async () => {
    const store = createMemoryCredentialStore();
    await store.acquireLease("wxa", "authorizer_access_token", "other", T0, 15_000);
    expect(await seedCredential(store, seed)).toBe(false);
    expect(await store.get("wxa", "authorizer_access_token")).toMatchObject({ value: null, leaseOwner: "other" });
  });
});
