import { afterAll, describe, expect, it } from "vitest";
import { createSealer } from "@/lib/accounts/seal";
import { openTestDb, usingPostgres } from "@/test/support/test-db";
import { createMemoryAuthorizerStore } from "@wxmp/wechat/component/authorizer-store";
import { describeAuthorizerStoreContract } from "@wxmp/wechat/testing/authorizer-store-contract";
import { describeComponentTicketStoreContract } from "@wxmp/wechat/testing/component-ticket-store-contract";
import { createPrismaAuthorizerStore, refreshTokenContext } from "./prisma-authorizer-store";
import { createPrismaComponentTicketStore } from "./prisma-ticket-store";

// One database for the file (each contract test uses its own random component appid).
const opened = openTestDb();
afterAll(async () => (await opened).db.$disconnect());
const provider = usingPostgres() ? "prisma (postgresql)" : "prisma (sqlite)";
const sealer = createSealer("test-accounts-key-0123456789-abcdefghij");

describeComponentTicketStoreContract(provider, async () => createPrismaComponentTicketStore((await opened).db));
describeAuthorizerStoreContract(provider, async () => createPrismaAuthorizerStore((await opened).db, sealer));
// The memory store keeps the same rules (a sanity check of the contract itself).
describeAuthorizerStoreContract("memory", () => createMemoryAuthorizerStore());

describe("the authorizer's refresh token at rest", () => {
  const component = `wxcomp${Math.random().toString(36).slice(2, 14).padEnd(12, "0")}`;
  const input = { componentAppId: component, authorizerAppId: "wxsealed000000001a", refreshToken: "refreshtoken@@@SECRET-VALUE", funcInfo: [1], at: Date.UTC(2026, 0, 1) };

  it("is sealed in the row, bound to its platform and account", async () => {
    const { db } = await opened;
    const store = createPrismaAuthorizerStore(db, sealer);
    await store.saveAuthorization(input);
    const row = await db.componentAuthorizer.findUnique({ where: { componentAppId_authorizerAppId: { componentAppId: component, authorizerAppId: input.authorizerAppId } } });
    expect(row?.refreshToken).toMatch(/^v1\./);
    expect(row?.refreshToken).not.toContain("SECRET-VALUE");
    expect(sealer.open(row!.refreshToken!, refreshTokenContext(component, input.authorizerAppId))).toBe(input.refreshToken);
    expect(() => sealer.open(row!.refreshToken!, refreshTokenContext(component, "wxother0000000001a"))).toThrow();
  });

  it("reads as lost (null, recovered through api_get_authorizer_list) under another key, never as garbage", async () => {
    const { db } = await opened;
    const other = createPrismaAuthorizerStore(db, createSealer("another-accounts-key-0123456789-zyxwvu"));
    expect(await other.get(component, input.authorizerAppId)).toMatchObject({ status: "authorized", refreshToken: null });
  });
});
