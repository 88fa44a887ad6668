import { describe, expect, it } from "vitest";
import { lazyStore } from "./lazy-store";

type Counter = { add(n: number): Promise<number> };

describe("lazyStore", () => {
  it("opens once, on first use, and forwards every call", async () => {
    let opens = 0;
    let total = 0;
    const store = lazyStore<Counter>(async () => (opens++, { add: async (n) => (total += n) }));
    expect(opens).toBe(0);
    await Promise.all([store.add(1), store.add(2)]);
    expect(await store.add(3)).toBe(6);
    expect(opens).toBe(1);
  });

  it("a failed open fails the call and is tried again on the next one", async () => {
    let opens = 0;
    const store = lazyStore<Counter>(async () => {
      opens += 1;
      if (opens === 1) throw new Error("database unreachable");
      return { add: async (n) => n };
    });
    await expect(store.add(1)).rejects.toThrow("database unreachable");
    expect(await store.add(2)).toBe(2);
    expect(opens).toBe(2);
  });
});
