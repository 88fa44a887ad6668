import { describe, expect, it } from "vitest";
import { createConfigQueue } from "./config-queue";

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("createConfigQueue", () => {
  it("runs tasks one at a time and skips those overtaken before their turn", async () => {
    const queue = createConfigQueue();
    const log: string[] = [];
    const gate = deferred<void>();
    const a = queue.schedule(async (isCurrent) => {
      log.push("a:start");
      await gate.promise;
      log.push(`a:end current=${isCurrent()}`);
      return "a";
    });
    await Promise.resolve(); // a starts before the next route change arrives
    expect(log).toEqual(["a:start"]);
    const b = queue.schedule(async () => {
      log.push("b:start");
      return "b";
    });
    const c = queue.schedule(async (isCurrent) => {
      log.push(`c:start current=${isCurrent()}`);
      return "c";
    });
    await Promise.resolve();
    expect(log).toEqual(["a:start"]); // b and c wait: jweixin cannot handle overlapping configs
    gate.resolve();
    expect(await a).toEqual({ stale: true });
    expect(await b).toEqual({ stale: true });
    expect(await c).toEqual({ stale: false, value: "c" });
    expect(log).toEqual(["a:start", "a:end current=false", "c:start current=true"]);
  });

  it("skips a task overtaken before it could start", async () => {
    const queue = createConfigQueue();
    let ran = 0;
    const first = queue.schedule(async () => ++ran);
    const second = queue.schedule(async () => ++ran);
    expect(await first).toEqual({ stale: true });
    expect(await second).toEqual({ stale: false, value: 1 });
    expect(ran).toBe(1);
  });

  it("reports the latest task's value", async () => {
    const queue = createConfigQueue();
    expect(await queue.schedule(async () => 1)).toEqual({ stale: false, value: 1 });
    expect(await queue.schedule(async () => 2)).toEqual({ stale: false, value: 2 });
  });

  it("keeps going after a task fails", async () => {
    const queue = createConfigQueue();
    const failed = queue.schedule(async () => {
      throw new Error("boom");
    });
    await expect(failed).rejects.toThrow("boom");
    expect(await queue.schedule(async () => "ok")).toEqual({ stale: false, value: "ok" });
  });

  it("cancelAll makes running and queued tasks stale", async () => {
    const queue = createConfigQueue();
    const gate = deferred<void>();
    const seen: boolean[] = [];
    const running = queue.schedule(async (isCurrent) => {
      await gate.promise;
      seen.push(isCurrent());
      return 1;
    });
    await Promise.resolve();
    queue.cancelAll();
    gate.resolve();
    expect(await running).toEqual({ stale: true });
    expect(seen).toEqual([false]);
  });
});
