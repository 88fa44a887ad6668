import { describe, expect, it } from "vitest";
import { createPendingWork } from "../../server/pending-work";

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe("createPendingWork", () => {
  it("drain resolves true at once when nothing is pending", async () => {
    expect(await createPendingWork().drain(0)).toBe(true);
  });

  it("drain waits for every piece of work, including one added while draining", async () => {
    const pending = createPendingWork();
    const done: string[] = [];
    pending.add(later(20, "a").then((v) => void done.push(v)));
    const drained = pending.drain(1000);
    pending.add(later(40, "b").then((v) => void done.push(v)));
    expect(await drained).toBe(true);
    expect(done.sort()).toEqual(["a", "b"]);
    expect(pending.size).toBe(0);
  });

  it("drain gives up after its bound and reports false; a rejection is not an unhandled error", async () => {
    const pending = createPendingWork();
    pending.add(later(5000, null));
    pending.add(Promise.reject(new Error("late reply failed")));
    const started = Date.now();
    expect(await pending.drain(50)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(pending.size).toBe(1);
  });
});
