import { describe, expect, it } from "vitest";
import { createGroupCommit } from "./group-commit";

/** A write that records each batch it was given and answers after `release()`. */
function recordingWrite() {
  const batches: number[][] = [];
  const gates: Array<() => void> = [];
  const write = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((resolve) => gates.push(resolve));
    return items.map((n) => n * 10);
  };
  const release = () => gates.splice(0).forEach((open) => open());
  return { batches, write, release };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("createGroupCommit", () => {
  it("writes a lone call on the next turn, without waiting for company", async () => {
    const { batches, write, release } = recordingWrite();
    const call = createGroupCommit(write, { maxBatch: 10, timeoutMs: 1000 });
    const result = call(7);
    expect(batches).toEqual([]);
    await turn();
    expect(batches).toEqual([[7]]);
    release();
    expect(await result).toBe(70);
  });

  it("writes calls made in the same turn as one batch, each caller getting its own result", async () => {
    const { batches, write, release } = recordingWrite();
    const call = createGroupCommit(write, { maxBatch: 10, timeoutMs: 1000 });
    const results = Promise.all([1, 2, 3].map(call));
    await turn();
    release();
    expect(await results).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it("collects calls made while a batch is being written into the next one", async () => {
    const { batches, write, release } = recordingWrite();
    const call = createGroupCommit(write, { maxBatch: 10, timeoutMs: 1000 });
    const first = call(1);
    await turn();
    const later = Promise.all([2, 3, 4].map(call));
    await turn();
    expect(batches).toEqual([[1]]); // one write at a time
    release();
    expect(await first).toBe(10);
    await turn();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    release();
    expect(await later).toEqual([20, 30, 40]);
  });

  it("splits a queue longer than maxBatch", async () => {
    const { batches, write, release } = recordingWrite();
    const call = createGroupCommit(write, { maxBatch: 2, timeoutMs: 1000 });
    const results = Promise.all([1, 2, 3, 4, 5].map(call));
    for (let i = 0; i < 3; i++) {
      await turn();
      release();
      await turn();
    }
    expect(await results).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("rejects only the calls of a failed batch, and goes on with the next", async () => {
    let fail = true;
    const call = createGroupCommit(async (items: number[]) => {
      if (fail) {
        fail = false;
        throw new Error("database said no");
      }
      return items.map((n) => -n);
    }, { maxBatch: 10, timeoutMs: 1000 });
    const doomed = Promise.allSettled([call(1), call(2)]);
    await turn();
    const fine = call(3);
    expect((await doomed).map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(await fine).toBe(-3);
  });

  it("rejects a batch whose write returns the wrong number of results", async () => {
    const call = createGroupCommit(async (items: number[]) => items.slice(1), { maxBatch: 10, timeoutMs: 1000 });
    await expect(Promise.all([call(1), call(2)])).rejects.toThrow(/1 results for 2 items/);
  });

  it("fails a batch that hangs past timeoutMs and writes the next one", async () => {
    let first = true;
    const call = createGroupCommit(
      (items: number[]) => {
        if (first) {
          first = false;
          return new Promise<number[]>(() => undefined); // a database that never answers
        }
        return Promise.resolve(items);
      },
      { maxBatch: 10, timeoutMs: 30 },
    );
    const hung = call(1);
    await turn();
    const next = call(2);
    await expect(hung).rejects.toThrow(/no answer within 30 ms/);
    expect(await next).toBe(2);
  });
});
