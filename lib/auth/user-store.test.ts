import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { openTestDb, usingPostgres } from "@/test/support/test-db";
import { createPrismaUserStore } from "./user-store";

const opened = openTestDb();
afterAll(async () => (await opened).db.$disconnect());

const NOW = 1_700_000_000_000;

describe(`web-authorization users (${usingPostgres() ? "postgresql" : "sqlite"}): one account's row is never another's`, () => {
  it("reads, and forgets the tokens of, a user only for the account that stored it", async () => {
    const users = createPrismaUserStore((await opened).db);
    const [a, b] = [`wx${randomBytes(8).toString("hex")}`, `wx${randomBytes(8).toString("hex")}`];
    const openid = `o${randomBytes(13).toString("hex")}`;
    const token = { accessToken: "AT", expiresIn: 7200, refreshToken: "RT", openid, scope: "snsapi_userinfo", isSnapshotUser: false };
    await users.save(a, token, { openid, nickname: "甲", sex: 1, province: "", city: "", country: "", headimgurl: "", privilege: [] }, NOW, new Date(NOW + 86_400_000));
    expect(await users.profile(openid, a)).toMatchObject({ nickname: "甲" });
    expect(await users.profile(openid, b)).toBeNull();
    expect(await users.tokens(openid, b)).toBeNull();
    await users.forgetTokens(openid, b);
    expect(await users.tokens(openid, a)).toMatchObject({ accessToken: "AT", refreshToken: "RT" });
    await users.forgetTokens(openid, a);
    expect(await users.tokens(openid, a)).toMatchObject({ accessToken: null, refreshToken: null });
  });
});
