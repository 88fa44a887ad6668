import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { describeBodyBindingStoreContract } from "@wxmp/wechat/testing/body-binding-store-contract";
import { describeDedupStoreContract } from "@wxmp/wechat/testing/dedup-store-contract";
import { expectPrismaDateInterop } from "@/test/support/prisma-date-interop";
import { openTestDb } from "@/test/support/test-db";
import { openSqliteWebhookStores } from "./sqlite-webhook-stores";

// Always SQLite (pg-webhook-stores.test.ts covers PostgreSQL): a fresh migrated file.
const sqliteDb = openTestDb(`file:${process.env.TMPDIR ?? "/tmp"}/wxmp-sqlite-stores-${process.pid}-${Date.now()}.db`);
const fileOf = async () => {
  const { target } = await sqliteDb;
  if (target.provider !== "sqlite") throw new Error("expected a SQLite target");
  return target.file;
};
const opened: Array<{ close(): Promise<void> }> = [];
const open = async () => {
  const stores = openSqliteWebhookStores(await fileOf());
  opened.push(stores);
  return stores;
};
afterAll(async () => {
  await Promise.all(opened.map((stores) => stores.close()));
  await (await sqliteDb).db.$disconnect();
});

describeDedupStoreContract("sqlite (prepared statements)", async () => (await open()).dedup);
describeBodyBindingStoreContract("sqlite (prepared statements)", async () => (await open()).bodyBindings);

const T0 = 1_700_000_000_000;
const LEASE = 10_000;
const TTL = 300_000;
const newKey = () => `sqlite-${Math.random().toString(36).slice(2)}`;

describe("openSqliteWebhookStores", () => {
  it("writes dates exactly as Prisma's SQLite adapter does, so Prisma reads them and SQL orders them", async () => {
    await expectPrismaDateInterop((await sqliteDb).db, (await open()).dedup);
  });

  it("refuses a file that is not migrated, and leaves it closed (the app tries again on the next push)", () => {
    const empty = `${process.env.TMPDIR ?? "/tmp"}/wxmp-unmigrated-${process.pid}-${Date.now()}.db`;
    new BetterSqlite3(empty).close();
    expect(() => openSqliteWebhookStores(empty)).toThrow(/no such table/);
    // Closed: a write lock can be taken by a fresh connection at once.
    const other = new BetterSqlite3(empty, { timeout: 0 });
    expect(() => other.exec("BEGIN IMMEDIATE; COMMIT")).not.toThrow();
    other.close();
  });

  it("gives each of many concurrent keys exactly one owner across two connections (two processes' worth)", async () => {
    const [a, b] = [await open(), await open()];
    const keys = Array.from({ length: 40 }, newKey);
    const claims = keys.flatMap((key) => [a, b, a].map((stores) => stores.dedup.claim(key, T0, LEASE, TTL).then((owned) => ({ key, owned }))));
    const results = await Promise.all(claims);
    for (const key of keys) expect(results.filter((r) => r.key === key && r.owned)).toHaveLength(1);
  });

  it("does not stall the event loop while Prisma's interactive transaction holds the write lock", async () => {
    const { dedup } = await open();
    const { db } = await sqliteDb;
    const key = newKey();
    let claimedInside: boolean | undefined;
    // Counts the 5 ms timer's runs while the claim waits for the lock. A synchronous busy wait
    // (SQLite's busy_timeout) would freeze the thread: no run at all until it gave up, and the
    // transaction holding the lock could not finish either. Counted, not timed, so a loaded
    // machine only lowers the count.
    let ticksWhileWaiting = 0;
    const ticker = setInterval(() => {
      if (claimedInside === undefined) ticksWhileWaiting += 1;
    }, 5);
    try {
      await db.$transaction(async (tx) => {
        // The lock is ours (a write), and we keep it across awaits, as the follower sync does.
        await tx.webhookDelivery.create({ data: { key: newKey(), status: "done", leaseUntil: new Date(T0), expiresAt: new Date(T0) } });
        const claim = dedup.claim(key, T0, LEASE, TTL).then((owned) => (claimedInside = owned));
        await new Promise((resolve) => setTimeout(resolve, 150));
        // The claim waits for the lock with timers, so this transaction can still finish.
        expect(claimedInside).toBeUndefined();
        void claim;
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      clearInterval(ticker);
    }
    expect(claimedInside).toBe(true);
    expect(ticksWhileWaiting).toBeGreaterThanOrEqual(3);
  });

  it("purges expired rows in chunks, all of them, and keeps the live ones", async () => {
    const { dedup, bodyBindings } = await open();
    const base = Date.now() + 365 * 24 * 3600_000; // a year ahead: no other test's rows expire before it
    const keys = Array.from({ length: 4_500 }, (_, i) => `purge-${base}-${i}`);
    await Promise.all(keys.map((key) => dedup.claim(key, base, LEASE, 1_000)));
    await Promise.all(keys.map((key) => bodyBindings.bind(key, "h", base, 1_000)));
    const live = newKey();
    await dedup.claim(live, base + 5_000, LEASE, TTL);
    expect(await dedup.purgeExpired(base + 2_000)).toBeGreaterThanOrEqual(4_500);
    expect(await bodyBindings.purgeExpired(base + 2_000)).toBeGreaterThanOrEqual(4_500);
    expect(await dedup.get(keys[0]!)).toBeNull();
    expect(await dedup.get(keys[4_499]!)).toBeNull();
    expect(await dedup.get(live)).toMatchObject({ status: "running" });
  });

  it("keeps each operation's own failure to itself: the rest of the batch commits", async () => {
    const { dedup, bodyBindings } = await open();
    const keys = Array.from({ length: 5 }, newKey);
    const results = await Promise.allSettled([
      ...keys.map((key) => dedup.claim(key, T0, LEASE, TTL)),
      // NOT NULL violated inside the same batch: fails alone.
      bodyBindings.bind(newKey(), null as unknown as string, T0, TTL),
    ]);
    expect(results.slice(0, 5).map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
    expect(results[5]?.status).toBe("rejected");
    for (const key of keys) expect(await dedup.get(key)).toMatchObject({ status: "running" });
  });
});
