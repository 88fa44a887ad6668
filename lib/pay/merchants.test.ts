/**
 * Which merchant's client answers (lib/pay/merchants.ts): an account's own merchant for its
 * orders, the env's otherwise; an order through the merchant it was placed with; a client per
 * merchant and AppID, kept until the account's settings change; and never a client of one
 * merchant for another.
 */
import { describe, expect, it } from "vitest";
import type { WeChatPayClient } from "@wxmp/wechatpay/client";
import { createMerchantClients, type MerchantAccount, type MerchantSettings, type MerchantSource } from "./merchants";

const ENV_APP = "wx0demo00000000001";
const B = "wx0de0000000000002";
const C = "wx0de0000000000003";
const merchantOf = (mchid: string, serial = "A".repeat(40)): MerchantSettings => ({ mchid, merchantSerial: serial, privateKey: "pem", apiV3Key: "k".repeat(32), publicKey: undefined });
const ENV = merchantOf("1900000109");

function setup() {
  const accounts = new Map<string, MerchantAccount>([
    [B, { appId: B, version: 1, pay: merchantOf("1900000002") }],
    [C, { appId: C, version: 1, pay: undefined }],
  ]);
  const built: Array<{ mchid: string; appId: string; source: MerchantSource; serial: string }> = [];
  const clients = createMerchantClients({
    envMerchant: ENV,
    defaultAppId: ENV_APP,
    resolveAccount: async (appId) => accounts.get(appId) ?? null,
    accountsOfMerchant: async (mchid) => [...accounts.values()].filter((a) => a.pay?.mchid === mchid).map((a) => a.appId),
    build(merchant, appId, source) {
      built.push({ mchid: merchant.mchid, appId, source, serial: merchant.merchantSerial });
      return { mchid: merchant.mchid, appid: appId } as unknown as WeChatPayClient;
    },
  });
  return { accounts, built, clients };
}

describe("merchant clients", () => {
  it("places an account's orders through its own merchant, and the others' through the env's bound to their AppID", async () => {
    const { clients } = setup();
    const b = await clients.forAccount(B);
    const c = await clients.forAccount(C);
    const env = await clients.forAccount(ENV_APP);
    expect([b?.source, b?.client.mchid, b?.client.appid]).toEqual(["account", "1900000002", B]);
    expect([c?.source, c?.client.mchid, c?.client.appid]).toEqual(["env", ENV.mchid, C]);
    expect([env?.source, env?.client.mchid, env?.client.appid]).toEqual(["env", ENV.mchid, ENV_APP]);
    // Unknown or retired: the env's merchant, as before (the shop refuses such a session anyway).
    expect((await clients.forAccount("wx0000000000000404"))?.client.mchid).toBe(ENV.mchid);
  });

  it("keeps one client per merchant and AppID, and builds it again when the account's settings change", async () => {
    const { accounts, built, clients } = setup();
    const first = (await clients.forAccount(B))?.client;
    expect((await clients.forAccount(B))?.client).toBe(first);
    expect((await clients.forOrder({ appId: B, mchid: "1900000002" }))).toBe(first);
    expect(built.filter((b) => b.source === "account")).toHaveLength(1);
    // A new key (the row's version changes): a new client, with the new serial.
    accounts.set(B, { appId: B, version: 2, pay: merchantOf("1900000002", "B".repeat(40)) });
    const second = (await clients.forAccount(B))?.client;
    expect(second).not.toBe(first);
    expect(built.at(-1)).toMatchObject({ mchid: "1900000002", appId: B, serial: "B".repeat(40) });
    // The merchant removed: the env's merchant places its orders from now on.
    accounts.set(B, { appId: B, version: 3, pay: undefined });
    expect((await clients.forAccount(B))?.client.mchid).toBe(ENV.mchid);
  });

  it("handles an order through the merchant it was placed with, never another merchant's client", async () => {
    const { accounts, clients } = setup();
    expect((await clients.forOrder({ appId: B, mchid: "1900000002" }))?.mchid).toBe("1900000002");
    // Placed with the env's merchant before B had its own: still the env's merchant.
    expect((await clients.forOrder({ appId: B, mchid: ENV.mchid }))?.mchid).toBe(ENV.mchid);
    expect((await clients.forOrder({ appId: C, mchid: ENV.mchid }))?.mchid).toBe(ENV.mchid);
    // A merchant nobody has (any more): no client at all rather than another merchant's.
    expect(await clients.forOrder({ appId: C, mchid: "1900000002" })).toBeNull();
    expect(await clients.forOrder({ appId: B, mchid: "1999999999" })).toBeNull();
    accounts.set(B, { appId: B, version: 2, pay: merchantOf("1900000003") });
    expect(await clients.forOrder({ appId: B, mchid: "1900000002" })).toBeNull();
  });

  it("finds a merchant's client for its notify URL only when an active account has it (or it is the env's)", async () => {
    const { accounts, clients } = setup();
    expect(await clients.forMerchant("1900000002")).toMatchObject({ appId: B, source: "account", client: { mchid: "1900000002" } });
    expect(await clients.forMerchant(ENV.mchid)).toMatchObject({ appId: ENV_APP, source: "env", client: { mchid: ENV.mchid } });
    expect(await clients.forMerchant("1999999999")).toBeNull();
    accounts.delete(B);
    expect(await clients.forMerchant("1900000002")).toBeNull();
  });

  it("has nothing of the env's without WECHATPAY_*, and still the accounts' own", async () => {
    const clients = createMerchantClients({
      envMerchant: undefined,
      defaultAppId: ENV_APP,
      resolveAccount: async (appId) => (appId === B ? { appId: B, version: 1, pay: merchantOf("1900000002") } : null),
      accountsOfMerchant: async () => [],
      build: (merchant, appId) => ({ mchid: merchant.mchid, appid: appId }) as unknown as WeChatPayClient,
    });
    expect(clients.envClient(ENV_APP)).toBeNull();
    expect(await clients.forAccount(C)).toBeNull();
    expect((await clients.forAccount(B))?.client.mchid).toBe("1900000002");
  });
});
