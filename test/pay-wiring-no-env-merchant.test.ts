/**
 * Pay without WECHATPAY_* (lib/wiring/pay-service.ts): an account with its own merchant still
 * takes payments through it; an account without one gets 503 pay_disabled; the routes' default
 * service (the console's, the reconciler's) has no merchant of its own and reaches each order
 * through the order's merchant.
 */
import { describe, expect, it, vi } from "vitest";
import { merchant } from "@/test/support/wechatpay-fixtures";

const A = "wx0demo00000000001";
const B = "wx0de0000000000002";
const C = "wx0de0000000000003";
const OWN_MCHID = "1900000003";

vi.mock("@/lib/wiring/env", () => ({ getEnv: () => ({ appId: A, appUrl: "https://mp.example.com", httpTimeoutMs: 5000, pay: undefined }) }));
vi.mock("@/lib/wiring/wechat", () => ({ getWeChatClient: async () => ({}) }));
vi.mock("@/lib/wiring/for-account", () => ({ forAccount: async () => null }));
vi.mock("@/lib/wiring/stores", async () => {
  const { createMemoryPayStore } = await import("@/lib/pay/memory-store");
  const store = createMemoryPayStore();
  return { payStore: () => store, payCertificateStore: () => ({ get: async () => null, saveAll: async () => undefined }) };
});
vi.mock("@/lib/wiring/accounts", () => ({
  getAccountRegistry: () => ({
    resolve: async (appId: string) =>
      appId === C
        ? { appId: C, version: 1, pay: { mchid: OWN_MCHID, merchantSerial: "C".repeat(40), privateKey: merchant.privateKeyPem, apiV3Key: "fedcba9876543210fedcba9876543210", publicKey: undefined } }
        : appId === B || appId === C
          ? { appId, version: 1, pay: undefined }
          : null,
    list: async () => [
      { appId: A, default: true, status: "active", pay: null },
      { appId: B, default: false, status: "active", pay: null },
      { appId: C, default: false, status: "active", pay: { mchid: OWN_MCHID } },
    ],
  }),
}));

const wiring = await import("@/lib/wiring/pay-service");

describe("pay without the env's merchant", () => {
  it("pays through an account's own merchant, refuses the others with pay_disabled, and serves the console", async () => {
    expect(wiring.getPay()).toBeNull();
    expect(wiring.getPayClient()).toBeNull();
    const own = await wiring.getPayFor(C);
    expect(own).not.toBeNull();
    expect(await wiring.getPayForMerchant(OWN_MCHID)).toBe(own);
    expect(await wiring.getPayFor(B)).toBeNull();
    const console = await wiring.getDefaultPay();
    expect(console).not.toBeNull();
    expect(console!.products().items.length).toBeGreaterThan(0);
    await expect(console!.createOrder("oBuyer", "coffee")).rejects.toMatchObject({ status: 503, error: "pay_disabled" });
    // The reconciler runs (nothing to do) rather than being switched off.
    expect(await console!.reconcile()).toMatchObject({ checked: 0, errors: 0 });
  });
});
