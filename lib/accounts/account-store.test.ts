import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { openTestDb, usingPostgres } from "@/test/support/test-db";
import { createPrismaAccountStore } from "./prisma-account-store";
import { memoryAccountStore, type AccountRow, type AccountStore } from "./store";

const opened = openTestDb();
afterAll(async () => (await opened).db.$disconnect());

const stores: Array<[string, () => Promise<AccountStore>]> = [
  ["memory", async () => memoryAccountStore()],
  [usingPostgres() ? "postgresql" : "sqlite", async () => createPrismaAccountStore((await opened).db)],
];

const newAppId = (): string => `wx${randomBytes(8).toString("hex")}`;
const row = (appId: string, at: number): AccountRow => ({
  appId,
  name: "第二个号",
  kind: "direct",
  appSecret: "v1.sealed.secret",
  token: "tok123",
  encodingAESKey: null,
  previousEncodingAESKey: null,
  tokenMode: "classic",
  status: "active",
  payMchid: null,
  payMerchantSerial: null,
  payPrivateKey: null,
  payApiV3Key: null,
  payPublicKeyId: null,
  payPublicKey: null,
  retiredAt: null,
  createdAt: at,
  updatedAt: at,
});

describe.each(stores)("account store contract (%s)", (_, make) => {
  it("creates a row once, reads it back whole, and refuses the same AppID again", async () => {
    const store = await make();
    const appId = newAppId();
    expect(await store.create(row(appId, 1_000))).toBe(true);
    expect(await store.get(appId)).toEqual(row(appId, 1_000));
    expect(await store.create({ ...row(appId, 2_000), name: "冒名" })).toBe(false);
    expect((await store.get(appId))?.name).toBe("第二个号");
    expect(await store.get(newAppId())).toBeNull();
  });

  it("updates only what the patch names and moves updatedAt, which version() reports", async () => {
    const store = await make();
    const appId = newAppId();
    await store.create(row(appId, 1_000));
    expect(await store.version(appId)).toEqual({ status: "active", updatedAt: 1_000 });
    const updated = await store.update(appId, { status: "retired", retiredAt: 5_000 }, 5_000);
    expect(updated).toMatchObject({ status: "retired", retiredAt: 5_000, updatedAt: 5_000, name: "第二个号", appSecret: "v1.sealed.secret" });
    expect(await store.version(appId)).toEqual({ status: "retired", updatedAt: 5_000 });
    expect(await store.update(newAppId(), { name: "x" }, 6_000)).toBeNull();
    expect(await store.version(newAppId())).toBeNull();
  });

  it("lists rows oldest first", async () => {
    const store = await make();
    const [a, b] = [newAppId(), newAppId()];
    await store.create(row(b, 3_000_000_000_000));
    await store.create(row(a, 3_000_000_000_001));
    const listed = (await store.list()).map((r) => r.appId).filter((id) => id === a || id === b);
    expect(listed).toEqual([b, a]);
  });
});
