import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { openTestDb, usingPostgres } from "@/test/support/test-db";
import { parseAccountChange, parseNewAccount, type NewAccountInput } from "./input";
import { createPrismaAccountStore } from "./prisma-account-store";
import { AccountSecretsError, createAccountRegistry, type DefaultAccount } from "./registry";
import { createSealer } from "./seal";
import { memoryAccountStore, type AccountStore } from "./store";

const KEY = "k".repeat(40);
const opened = openTestDb();
afterAll(async () => (await opened).db.$disconnect());

const ENV: DefaultAccount = { appId: "wx00000000000000aa", appSecret: "env-secret", token: "envtoken", encodingAESKey: undefined, previousEncodingAESKey: undefined, tokenMode: "classic" };
const newAppId = (): string => `wx${randomBytes(8).toString("hex")}`;
const SECRET = "0123456789abcdef0123456789ABCDEF";
const AES = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const input = (appId: string): NewAccountInput => ({ appId, name: "第二个号", appSecret: SECRET, token: "tok123", encodingAESKey: AES, tokenMode: "stable" });

function setup(store: AccountStore = memoryAccountStore(), clock = { t: 1_000 }) {
  const registry = createAccountRegistry({ store, sealer: createSealer(KEY), defaultAccount: ENV, now: () => clock.t, recheckMs: 3_000 });
  return { registry, store, clock };
}

describe("account registry", () => {
  it("answers for the env's account without a row, and for an added one with its secrets opened", async () => {
    const { registry } = setup();
    expect(await registry.resolve(ENV.appId)).toMatchObject({ appId: ENV.appId, source: "env", appSecret: "env-secret", token: "envtoken" });
    const appId = newAppId();
    expect(await registry.add(input(appId))).toMatchObject({ added: { appId, status: "active", serverPath: `/api/wechat/${appId}` } });
    expect(await registry.resolve(appId)).toMatchObject({ appId, source: "database", appSecret: SECRET, token: "tok123", encodingAESKey: AES, tokenMode: "stable", kind: "direct" });
    expect(await registry.add(input(appId))).toEqual({ error: "exists" });
    expect(await registry.add(input(ENV.appId))).toEqual({ error: "exists" });
  });

  it("never puts a secret in a summary: only whether each is set", async () => {
    const { registry } = setup();
    const appId = newAppId();
    await registry.add(input(appId));
    const listed = await registry.list();
    expect(listed.map((a) => a.appId)).toEqual([ENV.appId, appId]);
    const text = JSON.stringify(listed);
    for (const secret of [SECRET, AES, "env-secret", "envtoken", "tok123"]) expect(text).not.toContain(secret);
    expect(listed[1]?.secrets).toEqual({ appSecret: true, token: true, encodingAESKey: true, previousEncodingAESKey: false });
  });

  it("a retired account stops resolving at once here, and within the recheck interval on another instance", async () => {
    const store = memoryAccountStore();
    const clock = { t: 1_000 };
    const a = setup(store, clock).registry;
    const b = setup(store, clock).registry;
    const appId = newAppId();
    await a.add(input(appId));
    expect(await b.resolve(appId)).not.toBeNull();
    clock.t += 10;
    expect(await a.retire(appId)).toBe("retired");
    expect(await a.resolve(appId)).toBeNull();
    // Instance b still holds its copy inside the interval, and drops it once the interval has passed.
    expect(await b.resolve(appId)).not.toBeNull();
    clock.t += 3_000;
    expect(await b.resolve(appId)).toBeNull();
    expect(await a.retire(ENV.appId)).toBe("default");
    expect(await a.retire(newAppId())).toBe("not_found");
  });

  it("sees a new secret from another instance after the interval; unknown or malformed AppIDs resolve to null", async () => {
    const store = memoryAccountStore();
    const clock = { t: 1_000 };
    const a = setup(store, clock).registry;
    const b = setup(store, clock).registry;
    const appId = newAppId();
    await a.add(input(appId));
    const before = await b.resolve(appId);
    clock.t += 5;
    await a.update(appId, { appSecret: "f".repeat(32) });
    clock.t += 3_000;
    const after = await b.resolve(appId);
    expect(after?.appSecret).toBe("f".repeat(32));
    expect(after?.version).not.toBe(before?.version);
    expect(await b.resolve(newAppId())).toBeNull();
    expect(await b.resolve("../../etc")).toBeNull();
  });

  it("moves the EncodingAESKey to previous on a change", async () => {
    const { registry } = setup();
    const appId = newAppId();
    await registry.add(input(appId));
    const next = "Z".repeat(43);
    await registry.update(appId, { encodingAESKey: next });
    expect(await registry.resolve(appId)).toMatchObject({ encodingAESKey: next, previousEncodingAESKey: AES });
  });

  it("refuses to open secrets sealed under another key, naming the account", async () => {
    const store = memoryAccountStore();
    const appId = newAppId();
    await setup(store).registry.add(input(appId));
    const other = createAccountRegistry({ store, sealer: createSealer("o".repeat(40)), defaultAccount: ENV, now: () => 1 });
    await expect(other.resolve(appId)).rejects.toBeInstanceOf(AccountSecretsError);
  });

  it("adds a component account with no secret of its own", async () => {
    const { registry } = setup();
    const appId = newAppId();
    await registry.addComponent({ appId, name: "授权号" });
    expect(await registry.resolve(appId)).toMatchObject({ kind: "component", appSecret: undefined, token: undefined });
  });
});

describe(`seal round trip through the database (${usingPostgres() ? "postgresql" : "sqlite"})`, () => {
  it("stores no plaintext secret in any column, and opens them again", async () => {
    const { db } = await opened;
    const { registry } = setup(createPrismaAccountStore(db));
    const appId = newAppId();
    const privateKey = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
    const apiV3Key = "v3v3v3v3v3v3v3v3v3v3v3v3v3v3v3v3";
    await registry.add({ ...input(appId), pay: { mchid: "1900000109", merchantSerial: "ABC123", privateKey, apiV3Key } });
    const raw = await db.account.findUniqueOrThrow({ where: { appId } });
    const columns = JSON.stringify(raw);
    for (const secret of [SECRET, AES, apiV3Key, "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"]) expect(columns).not.toContain(secret);
    expect(raw.appSecret).toMatch(/^v1\./);
    expect(await registry.resolve(appId)).toMatchObject({ appSecret: SECRET, encodingAESKey: AES, pay: { mchid: "1900000109", privateKey, apiV3Key } });
    // Shown back: the merchant number, the start of the serial and the key mode, never a key.
    const summary = await registry.get(appId);
    expect(summary?.pay).toEqual({ mchid: "1900000109", serialPrefix: "ABC123", keyMode: "certificate" });
    expect(JSON.stringify(summary)).not.toContain(apiV3Key);
  });
});

describe("the accounts API's bodies", () => {
  const good = { appId: "wx0123456789abcdef", name: "二号", appSecret: SECRET, token: "tok123", encodingAESKey: AES };
  it("takes WeChat's formats", () => {
    expect(parseNewAccount(good)).toMatchObject({ ok: true, value: { ...good, tokenMode: "classic" } });
  });
  it.each([
    ["appId", { ...good, appId: "wx0123" }],
    ["appId", { ...good, appId: "gh_0123456789abcdef" }],
    ["appSecret", { ...good, appSecret: "short" }],
    ["token", { ...good, token: "t!" }],
    ["encodingAESKey", { ...good, encodingAESKey: "x".repeat(42) }],
    ["name", { ...good, name: "" }],
    ["tokenMode", { ...good, tokenMode: "fast" }],
    ["pay.mchid", { ...good, pay: { mchid: "abc" } }],
  ])("refuses a bad %s", (field, body) => {
    expect(parseNewAccount(body)).toMatchObject({ ok: false, error: "invalid_account", field });
  });
  it("refuses a body that is not an object, and a bad change", () => {
    expect(parseNewAccount(null)).toMatchObject({ ok: false });
    expect(parseNewAccount([good])).toMatchObject({ ok: false });
    expect(parseAccountChange({ token: "x" })).toMatchObject({ ok: false, field: "token" });
    expect(parseAccountChange({ appSecret: "" })).toEqual({ ok: true, value: {} });
  });
});

describe("after the sealing key changed", () => {
  it("takes the secrets again: the account opens under the new key, the unreadable old key is not carried as previous", async () => {
    const store = memoryAccountStore();
    const appId = newAppId();
    await setup(store).registry.add(input(appId));
    const rekeyed = createAccountRegistry({ store, sealer: createSealer("n".repeat(40)), defaultAccount: ENV, now: () => 5_000 });
    await expect(rekeyed.resolve(appId)).rejects.toBeInstanceOf(AccountSecretsError);
    await rekeyed.update(appId, { appSecret: SECRET, encodingAESKey: AES });
    expect(await rekeyed.resolve(appId)).toMatchObject({ appSecret: SECRET, encodingAESKey: AES, previousEncodingAESKey: undefined });
  });
});
