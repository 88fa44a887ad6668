/**
 * The pay wiring for several accounts (lib/wiring/pay-service.ts): the env's merchant
 * (WECHATPAY_*) with a client and a service per AppID — each client places orders for its own
 * AppID — an account's own merchant with its own service and notify URL, and the
 * buyer's text goes out through the WeChat client of the order's account, never another's.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { merchant } from "@/test/support/wechatpay-fixtures";

const A = "wx0demo00000000001";
const B = "wx0de0000000000002";
const calls: Array<{ via: string; body: unknown }> = [];
const caller = (via: string) => ({ call: async (req: { body?: unknown }) => void calls.push({ via, body: req.body }) });

vi.mock("@/lib/wiring/env", () => ({
  getEnv: () => ({
    appId: A,
    appUrl: "http://127.0.0.1:3000",
    httpTimeoutMs: 5000,
    pay: { mchid: merchant.mchid, merchantSerial: merchant.serialNo, privateKey: merchant.privateKeyPem, apiV3Key: "0123456789abcdef0123456789abcdef", apiBaseUrl: "http://127.0.0.1:1" },
  }),
}));
vi.mock("@/lib/wiring/wechat", () => ({ getWeChatClient: async () => caller(A) }));
vi.mock("@/lib/wiring/for-account", () => ({ forAccount: async (appId: string) => (appId === B ? { client: async () => caller(B) } : null) }));
vi.mock("@/lib/wiring/stores", async () => {
  const { createMemoryPayStore } = await import("@/lib/pay/memory-store");
  const store = createMemoryPayStore();
  return { payStore: () => store, payCertificateStore: () => ({ get: async () => null, saveAll: async () => undefined }) };
});
// B pays through the env's merchant; C has its own (its Account row's pay fields).
const C = "wx0de0000000000003";
const OWN_MCHID = "1900000003";
const accountVersion = { C: 1 };
vi.mock("@/lib/wiring/accounts", () => ({
  getAccountRegistry: () => ({
    resolve: async (appId: string) =>
      appId === C
        ? { appId: C, version: accountVersion.C, pay: { mchid: OWN_MCHID, merchantSerial: "C".repeat(40), privateKey: merchant.privateKeyPem, apiV3Key: "fedcba9876543210fedcba9876543210", publicKey: undefined } }
        : appId === B
          ? { appId: B, version: 1, pay: undefined }
          : null,
    list: async () => [
      { appId: A, default: true, status: "active", pay: { mchid: merchant.mchid } },
      { appId: B, default: false, status: "active", pay: null },
      { appId: C, default: false, status: "active", pay: { mchid: OWN_MCHID } },
    ],
  }),
}));

const wiring = await import("@/lib/wiring/pay-service");

beforeEach(() => {
  calls.length = 0;
});

describe("pay for several accounts under one merchant", () => {
  it("gives each AppID its own client for the same merchant, and the env's account by default", async () => {
    const a = wiring.getPayClient();
    const b = wiring.getPayClient(B);
    expect([a?.appid, b?.appid]).toEqual([A, B]);
    expect(b?.mchid).toBe(a?.mchid);
    expect(wiring.getPayClient(B)).toBe(b);
    expect(await wiring.getPayFor(B)).not.toBe(wiring.getPay());
    expect(await wiring.getPayFor(A)).toBe(wiring.getPay());
  });

  it("gives an account with its own merchant a service over that merchant, found by its notify URL's mchid", async () => {
    const own = await wiring.getPayFor(C);
    expect(own).not.toBe(wiring.getPay());
    expect(await wiring.getPayFor(C)).toBe(own);
    expect(await wiring.getPayForMerchant(OWN_MCHID)).toBe(own);
    expect(await wiring.getPayForMerchant(merchant.mchid)).toBe(wiring.getPay());
    // Unknown merchants and junk in the path: no service (the route answers 404).
    expect(await wiring.getPayForMerchant("1999999999")).toBeNull();
    expect(await wiring.getPayForMerchant("../x")).toBeNull();
    // The account's settings change: a service over the new client.
    accountVersion.C = 2;
    expect(await wiring.getPayFor(C)).not.toBe(own);
  });

  it("notifies the env's merchant at /api/pay/notify and an account's at /api/pay/notify/{mchid}", async () => {
    const { payMerchants, notifyUrlOf } = await import("@/lib/wiring/pay-merchants");
    const own = await payMerchants().forAccount(C);
    expect(notifyUrlOf(own!.client)).toBe(`http://127.0.0.1:3000/api/pay/notify/${OWN_MCHID}`);
    expect(notifyUrlOf(wiring.getPayClient()!)).toBe("http://127.0.0.1:3000/api/pay/notify");
  });

  it("sends the buyer's text through the order's account's client", async () => {
    await wiring.sendOrderText("oBuyerOfB", "支付成功", B);
    await wiring.sendOrderText("oBuyerOfA", "支付成功", A);
    expect(calls.map((c) => [c.via, (c.body as { touser: string }).touser])).toEqual([
      [B, "oBuyerOfB"],
      [A, "oBuyerOfA"],
    ]);
  });

  it("refuses to send for an account that is not active (the reconciler retries), through no other account", async () => {
    await expect(wiring.sendOrderText("oSomeone", "支付成功", "wx0000000000000404")).rejects.toThrow(/not active/);
    expect(calls).toEqual([]);
  });
});
