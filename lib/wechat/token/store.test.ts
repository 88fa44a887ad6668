import { describe, expect, it } from "vitest";
import { beijingDay, createMemoryCredentialStore, nextRefreshCounters } from "./store";
import { describeCredentialStoreContract } from "../testing/credential-store-contract";

describeCredentialStoreContract("memory", () => createMemoryCredentialStore());

describe("beijingDay", () => {
  it("switches at 16:00 UTC", () => {
    expect(beijingDay(Date.UTC(2024, 1, 28, 15, 59, 59, 999))).toBe("2024-02-28");
    expect(beijingDay(Date.UTC(2024, 1, 28, 16, 0, 0))).toBe("2024-02-29");
    expect(beijingDay(Date.UTC(2024, 11, 31, 16, 0, 0))).toBe("2025-01-01");
  });
});

describe("nextRefreshCounters", () => {
  it("starts a new day at 1 and always bumps the total", () => {
    const now = Date.UTC(2024, 0, 1, 20);
    expect(nextRefreshCounters({ refreshCount: 7, refreshDay: "2024-01-01", totalRefreshCount: 9 }, now)).toEqual({
      refreshCount: 1,
      refreshDay: "2024-01-02",
      totalRefreshCount: 10,
    });
    expect(nextRefreshCounters({ refreshCount: 7, refreshDay: "2024-01-02", totalRefreshCount: 9 }, now).refreshCount).toBe(8);
  });
});

describe("memory store", () => {
  it("hands out copies, so callers cannot change the stored row", async () => {
    const store = createMemoryCredentialStore();
    await store.acquireLease("wx1", "access_token", "a", 0, 1000);
    const row = await store.get("wx1", "access_token");
    row!.leaseOwner = "mutated";
    expect((await store.get("wx1", "access_token"))?.leaseOwner).toBe("a");
  });
});
