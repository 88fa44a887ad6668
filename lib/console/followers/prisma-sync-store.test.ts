import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { resumeIfOrphaned, runSlice, startOrJoin, viewOf, type FollowerSyncDeps } from "@/lib/console/followers/sync";
import { fakeAccount } from "@/test/support/fake-followers";
import { openTestDb, usingPostgres } from "@/test/support/test-db";
import { createPrismaFollowerStore } from "./prisma-follower-store";
import { createPrismaFollowerSyncStore, decodeTagIds, encodeTagIds } from "./prisma-sync-store";

// One database for the file; a random appId per test keeps tests apart on a shared PostgreSQL.
const opened = openTestDb();
afterAll(async () => (await opened).db.$disconnect());

async function setup(count: number, pageSize: number) {
  const { db } = await opened;
  const clock = { now: Date.UTC(2026, 0, 1) };
  const account = fakeAccount(count, pageSize);
  const appId = `wx${randomUUID().slice(0, 12)}`;
  const deps: FollowerSyncDeps = {
    appId, store: createPrismaFollowerSyncStore(db), source: account, now: () => clock.now, newId: randomUUID, leaseMs: 30_000,
  };
  return { db, clock, account, appId, deps };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`prisma follower-sync store (${usingPostgres() ? "postgresql" : "sqlite"})`, () => {
  it("tag ids round-trip through their text form", () => {
    expect(encodeTagIds([])).toBe(",");
    expect(encodeTagIds([2, 105])).toBe(",2,105,");
    expect(decodeTagIds(encodeTagIds([2, 105]))).toEqual([2, 105]);
    expect(decodeTagIds(",")).toEqual([]);
  });

  it("syncs every follower into the table, lists them by page and by tag", async () => {
    const { db, account, appId, deps } = await setup(450, 200);
    const claim = await startOrJoin(deps);
    expect(await runSlice(deps, claim.runAs!)).toBe("done");
    expect(viewOf(await deps.store.get(appId))).toMatchObject({ status: "done", done: 450, total: 450 });
    expect(await db.follower.count({ where: { appId } })).toBe(450);

    const first = await createPrismaFollowerStore(db, appId).list({ page: 1, pageSize: 20 });
    expect(first.total).toBe(450);
    expect(first.items).toHaveLength(20);
    const last = await createPrismaFollowerStore(db, appId).list({ page: 23, pageSize: 20 });
    expect(last.items).toHaveLength(10);
    const tagged = await createPrismaFollowerStore(db, appId).list({ tagId: 2, page: 1, pageSize: 100 });
    expect(tagged.total).toBe(account.openids.filter((id) => id.endsWith("0")).length);
    expect(tagged.items.every((item) => item.tagIds.includes(2))).toBe(true);
    // ",2," never matches tag 12 or 20.
    expect((await createPrismaFollowerStore(db, appId).list({ tagId: 20, page: 1, pageSize: 10 })).total).toBe(0);
  });

  it("resumes a dead runner's job from the stored cursor, writing nobody twice", async () => {
    const { db, clock, account, appId, deps } = await setup(700, 300);
    account.haltBatchAt = 5; // page 2 after one chunk: 400 stored
    const first = await startOrJoin(deps);
    void runSlice(deps, first.runAs!);
    for (let i = 0; i < 200 && (await deps.store.get(appId))!.done < 400; i++) await sleep(10);
    expect(await deps.store.get(appId)).toMatchObject({ status: "running", done: 400, pageCursor: account.openids[299], pageOffset: 100 });
    expect(await db.follower.count({ where: { appId } })).toBe(400);
    expect((await startOrJoin(deps)).runAs).toBeNull(); // a second click joins

    clock.now += 30_001; // the lease expired: the next status check takes over
    const resumed = await resumeIfOrphaned(deps);
    expect(resumed.runAs).not.toBeNull();
    const batches = account.calls.batch;
    expect(await runSlice(deps, resumed.runAs!)).toBe("done");
    expect(account.calls.batch - batches).toBe(2 + 1); // the rest of page 2, then page 3
    expect(await db.follower.count({ where: { appId } })).toBe(700);
    expect(viewOf(await deps.store.get(appId))).toMatchObject({ id: first.job!.jobId, status: "done", done: 700 });
  });

  it("concurrent starts on the database make one job with one runner", async () => {
    const { appId, deps } = await setup(50, 100);
    const claims = await Promise.all(Array.from({ length: 6 }, () => startOrJoin(deps)));
    expect(claims.filter((claim) => claim.runAs !== null)).toHaveLength(1);
    expect(new Set(claims.map((claim) => claim.job?.jobId)).size).toBe(1);
    expect((await deps.store.get(appId))?.status).toBe("running");
  });

  it("records a failure with its message and frees the job", async () => {
    const { account, appId, deps } = await setup(300, 300);
    account.failBatchAt = 2;
    account.failWith = new Error("WeChat API error 40001: invalid credential");
    const claim = await startOrJoin(deps);
    expect(await runSlice(deps, claim.runAs!)).toBe("failed");
    expect(viewOf(await deps.store.get(appId))).toMatchObject({ status: "failed", done: 100, error: "WeChat API error 40001: invalid credential" });
    expect(await deps.store.takeOver(appId, "someone", Date.now(), 1000)).toBe(false);
    expect((await startOrJoin(deps)).runAs).not.toBeNull();
  });
});
