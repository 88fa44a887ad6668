import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createAuthThrottle } from "@/lib/auth/auth-throttle";
import { openTestDb, usingPostgres } from "@/test/support/test-db";
import { createPrismaFailureStore } from "./failure-store";

const opened = openTestDb();
afterAll(async () => (await opened).db.$disconnect());

describe(`failed-auth counters in the database (${usingPostgres() ? "postgresql" : "sqlite"})`, () => {
  it("counts concurrent failures from several instances without losing one, and blocks at 10", async () => {
    const { db } = await opened;
    const key = `admin:${randomUUID()}`;
    const now = Date.now();
    // Two "instances": two stores over the same database.
    const stores = [createPrismaFailureStore(db), createPrismaFailureStore(db)];
    await Promise.all(Array.from({ length: 9 }, (_, i) => stores[i % 2]!.recordFailure(key, now, 600_000)));
    expect((await stores[0]!.get(key))?.count).toBe(9);
    const throttle = createAuthThrottle({ store: stores[1]!, now: () => now });
    expect(await throttle.check(key)).toEqual({ blocked: false });
    await throttle.fail(key);
    expect(await createAuthThrottle({ store: stores[0]!, now: () => now + 1000 }).check(key)).toEqual({ blocked: true, retryAfterSeconds: 599 });
  });

  it("opens a new window after the old one ended", async () => {
    const { db } = await opened;
    const store = createPrismaFailureStore(db);
    const key = `admin:${randomUUID()}`;
    const start = Date.now() - 3_600_000;
    for (let i = 0; i < 10; i++) await store.recordFailure(key, start, 600_000);
    await store.recordFailure(key, start + 600_001, 600_000);
    expect(await store.get(key)).toEqual({ count: 1, windowStart: start + 600_001 });
  });

  it("clears one address's failures and leaves the others", async () => {
    const { db } = await opened;
    const store = createPrismaFailureStore(db);
    const [a, b] = [`admin:${randomUUID()}`, `admin:${randomUUID()}`];
    await store.recordFailure(a, Date.now(), 600_000);
    await store.recordFailure(b, Date.now(), 600_000);
    await store.clear(a);
    expect(await store.get(a)).toBeNull();
    expect((await store.get(b))?.count).toBe(1);
  });
});
