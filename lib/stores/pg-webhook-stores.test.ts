/**
 * The PostgreSQL webhook stores run only where there is a PostgreSQL: TEST_DATABASE_URL (CI sets
 * it; `npm test` on a machine without one runs the SQLite stores' tests instead).
 */
import { afterAll, describe, expect, it } from "vitest";
import { describeBodyBindingStoreContract } from "@/lib/wechat/testing/body-binding-store-contract";
import { describeDedupStoreContract } from "@/lib/wechat/testing/dedup-store-contract";
import { openTestDb, usingPostgres } from "@/test/test-db";
import { pgPoolOf } from "../db-client";
import { createPgWebhookStores } from "./pg-webhook-stores";

const onPostgres = usingPostgres();
const opened = onPostgres ? openTestDb() : null;
afterAll(async () => (await opened)?.db.$disconnect());

const stores = async () => {
  const { db } = (await opened)!;
  const pool = pgPoolOf(db);
  if (!pool) throw new Error("a PostgreSQL client has a pool");
  return { db, ...createPgWebhookStores(pool) };
};

const T0 = 1_700_000_000_000;
const LEASE = 10_000;
const TTL = 300_000;
const newKey = () => `pg-${Math.random().toString(36).slice(2)}`;

describe.runIf(onPostgres)("createPgWebhookStores (postgresql)", () => {
  describeDedupStoreContract("pg (prepared statements)", async () => (await stores()).dedup);
  describeBodyBindingStoreContract("pg (prepared statements)", async () => (await stores()).bodyBindings);

  it("stores dates as Prisma does (UTC timestamp(3)), both ways", async () => {
    const { db, dedup } = await stores();
    const key = newKey();
    await dedup.claim(key, T0 + 123, LEASE, TTL);
    await dedup.recordLate(key, { sentAt: T0 + 7 });
    const row = await db.webhookDelivery.findUnique({ where: { key } });
    expect([row?.leaseUntil.getTime(), row?.expiresAt.getTime(), row?.lateSentAt?.getTime()]).toEqual([T0 + 123 + LEASE, T0 + 123 + TTL, T0 + 7]);
    const prismaKey = newKey();
    await db.webhookDelivery.create({
      data: { key: prismaKey, status: "running", leaseUntil: new Date(T0 + LEASE), expiresAt: new Date(T0 + TTL), createdAt: new Date(T0) },
    });
    expect(await dedup.get(prismaKey)).toMatchObject({ leaseUntil: T0 + LEASE, expiresAt: T0 + TTL });
    expect(await dedup.claim(prismaKey, T0 + LEASE - 1, LEASE, TTL)).toBe(false);
    expect(await dedup.claim(prismaKey, T0 + LEASE + 1, LEASE, TTL)).toBe(true);
  });

  it("answers each claim of a mixed batch by its own record, duplicates of one key included", async () => {
    const { dedup } = await stores();
    const [fresh, live, abandoned, done] = [newKey(), newKey(), newKey(), newKey()];
    await Promise.all([live, abandoned, done].map((key) => dedup.claim(key, T0, LEASE, TTL)));
    await dedup.complete(done, "<xml>first</xml>");
    const answers = await Promise.all([
      dedup.claim(fresh, T0, LEASE, TTL),
      dedup.claim(fresh, T0, LEASE, TTL),
      dedup.claim(live, T0 + LEASE - 1, LEASE, TTL),
      dedup.claim(abandoned, T0 + LEASE + 1, LEASE, TTL),
      dedup.claim(done, T0 + LEASE + 1, LEASE, TTL),
    ]);
    expect(answers).toEqual([true, false, false, true, false]);
    expect(await dedup.get(done)).toMatchObject({ status: "done", reply: "<xml>first</xml>" });
  });

  it("answers each bind of a mixed batch by its own key: new, same body, other body, expired", async () => {
    const { bodyBindings } = await stores();
    const [held, expired, fresh] = [newKey(), newKey(), newKey()];
    await Promise.all([bodyBindings.bind(held, "A", T0, TTL), bodyBindings.bind(expired, "A", T0 - 2 * TTL, TTL)]);
    const answers = await Promise.all([
      bodyBindings.bind(fresh, "A", T0, TTL),
      bodyBindings.bind(fresh, "A", T0, TTL),
      bodyBindings.bind(fresh, "B", T0, TTL),
      bodyBindings.bind(held, "A", T0 + 1, TTL),
      bodyBindings.bind(held, "B", T0 + 1, TTL),
      bodyBindings.bind(expired, "B", T0, TTL),
    ]);
    expect(answers).toEqual([true, true, false, true, false, true]);
  });

  it("stores every reply of a batch of completions against its own key, null included", async () => {
    const { dedup } = await stores();
    const keys = Array.from({ length: 12 }, newKey);
    await Promise.all(keys.map((key) => dedup.claim(key, T0, LEASE, TTL)));
    const replyOf = (i: number) => (i % 3 === 0 ? null : `<xml><n>${i}</n>'quote' ]]></xml>`);
    await Promise.all(keys.map((key, i) => dedup.complete(key, replyOf(i))));
    for (const [i, key] of keys.entries()) expect(await dedup.get(key)).toMatchObject({ status: "done", reply: replyOf(i) });
  });
});
