import { describe, expect, it } from "vitest";
import { resumeIfOrphaned, runSlice, startOrJoin, viewOf, type FollowerSyncDeps } from "./sync";
import { fakeAccount, memoryFollowerSyncStore, type FakeAccount, type MemoryFollowerSyncStore } from "../../../test/support/fake-followers";

function setup(count: number, pageSize: number) {
  const clock = { now: 1_000_000 };
  let seq = 0;
  const account = fakeAccount(count, pageSize);
  const store = memoryFollowerSyncStore();
  const deps: FollowerSyncDeps = { appId: "wxtest", store, source: account, now: () => clock.now, newId: () => `id${++seq}`, leaseMs: 30_000 };
  return { clock, account, store, deps };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function expectEveryoneOnce(account: FakeAccount, store: MemoryFollowerSyncStore): void {
  expect([...store.followers.keys()].sort()).toEqual(account.openids);
}

describe("follower sync job", () => {
  it("walks every page in batchget chunks of ≤100 and ends done with the totals", async () => {
    const { account, store, deps } = setup(2_345, 1_000);
    const claim = await startOrJoin(deps);
    expect(claim.runAs).not.toBeNull();
    expect(await runSlice(deps, claim.runAs!)).toBe("done");
    expectEveryoneOnce(account, store);
    expect([...store.writes.values()].every((n) => n === 1)).toBe(true);
    expect(account.calls).toEqual({ get: 3, batch: 10 + 10 + 4 });
    expect(viewOf(await store.get("wxtest"))).toEqual({ id: "id2", status: "done", done: 2_345, total: 2_345 });
  });

  it("an account without followers is done at once", async () => {
    const { store, deps } = setup(0, 1_000);
    const claim = await startOrJoin(deps);
    expect(await runSlice(deps, claim.runAs!)).toBe("done");
    expect(viewOf(await store.get("wxtest"))).toMatchObject({ status: "done", done: 0, total: 0 });
  });

  it("a runner that dies mid-page is resumed from the saved cursor after its lease expires", async () => {
    const { clock, account, store, deps } = setup(2_500, 1_000);
    account.haltBatchAt = 13; // page 2, chunk 3: 1,200 followers stored, the process dies
    const first = await startOrJoin(deps);
    void runSlice(deps, first.runAs!);
    await tick();
    await tick();
    for (let i = 0; i < 50 && (await store.get("wxtest"))!.done < 1_200; i++) await tick();
    const stuck = (await store.get("wxtest"))!;
    expect(stuck).toMatchObject({ status: "running", done: 1_200, pageCursor: account.openids[999], pageOffset: 200 });

    // While the lease lives, a status check or a second click does not start another runner.
    expect((await resumeIfOrphaned(deps)).runAs).toBeNull();
    expect((await startOrJoin(deps)).runAs).toBeNull();

    clock.now += 30_001;
    const resumed = await resumeIfOrphaned(deps);
    expect(resumed.runAs).not.toBeNull();
    expect(resumed.job?.jobId).toBe(stuck.jobId);
    const batchesBefore = account.calls.batch;
    expect(await runSlice(deps, resumed.runAs!)).toBe("done");
    expectEveryoneOnce(account, store);
    // It resumed at position 200 of page 2: 8 chunks left there plus 5 on page 3, nothing redone.
    expect(account.calls.batch - batchesBefore).toBe(8 + 5);
    expect([...store.writes.values()].every((n) => n === 1)).toBe(true);
    expect((await store.get("wxtest"))!.done).toBe(2_500);
  });

  it("the dead runner cannot write after another took over", async () => {
    const { clock, account, store, deps } = setup(300, 1_000);
    const first = await startOrJoin(deps);
    clock.now += 30_001;
    const second = await resumeIfOrphaned(deps);
    expect(second.runAs).not.toBeNull();
    expect(await runSlice(deps, first.runAs!)).toBe("lost-lease");
    expect(store.followers.size).toBe(0);
    expect(await runSlice(deps, second.runAs!)).toBe("done");
    expectEveryoneOnce(account, store);
  });

  it("concurrent starts make one job with one runner", async () => {
    const { store, deps } = setup(100, 1_000);
    const claims = await Promise.all(Array.from({ length: 8 }, () => startOrJoin(deps)));
    const runners = claims.filter((claim) => claim.runAs !== null);
    expect(runners).toHaveLength(1);
    const ids = new Set(claims.map((claim) => claim.job?.jobId));
    expect(ids.size).toBe(1);
    expect(await runSlice(deps, runners[0]!.runAs!)).toBe("done");
    // After it is done, the next click starts a new job.
    const again = await startOrJoin(deps);
    expect(again.runAs).not.toBeNull();
    expect(again.job?.jobId).not.toBe(claims[0]!.job?.jobId);
    expect(viewOf(again.job)).toMatchObject({ status: "running", done: 0 });
    expect(store.followers.size).toBe(100);
  });

  it("an API error ends the job as failed with its message, and frees it for a new start", async () => {
    const { account, store, deps } = setup(500, 1_000);
    account.failBatchAt = 3;
    account.failWith = new Error("WeChat API error 45009: api freq out of limit");
    const claim = await startOrJoin(deps);
    expect(await runSlice(deps, claim.runAs!)).toBe("failed");
    expect(viewOf(await store.get("wxtest"))).toEqual({ id: claim.job!.jobId, status: "failed", done: 200, total: 500, error: "WeChat API error 45009: api freq out of limit" });
    expect((await startOrJoin(deps)).runAs).not.toBeNull();
  });

  it("a time-bounded slice pauses with its lease freed, and the next status check continues it", async () => {
    const { clock, account, store, deps } = setup(1_000, 400);
    const stepping = { ...account, batchGetUserInfo: async (chunk: string[]) => ((clock.now += 1_000), account.batchGetUserInfo(chunk)) };
    const sliced = { ...deps, source: stepping };
    const claim = await startOrJoin(sliced);
    expect(await runSlice(sliced, claim.runAs!, 2_500)).toBe("paused");
    const paused = (await store.get("wxtest"))!;
    expect(paused).toMatchObject({ status: "running", done: 300, leaseOwner: null });
    const next = await resumeIfOrphaned(sliced);
    expect(next.runAs).not.toBeNull();
    expect(await runSlice(sliced, next.runAs!)).toBe("done");
    expectEveryoneOnce(account, store);
  });
});
