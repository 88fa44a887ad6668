/**
 * The pay wiring for several accounts (lib/wiring/pay-service.ts): one merchant (WECHATPAY_*),
 * a client and a service per AppID — each client places orders for its own AppID — and the
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
  return { payStore: () => store, payCertificateStore: () => ({ list: async () => [], replace: async () => undefined }) };
});

const wiring = await import("@/lib/wiring/pay-service");

beforeEach(() => {
  calls.length = 0;
});

describe("pay for several accounts under one merchant", () => {
  it("gives each AppID its own client for the same merchant, and the env's account by default", () => {
    const a = wiring.getPayClient();
    const b = wiring.getPayClient(B);
    expect([a?.appid, b?.appid]).toEqual([A, B]);
    expect(b?.mchid).toBe(a?.mchid);
    expect(wiring.getPayClient(B)).toBe(b);
    expect(wiring.getPayFor(B)).not.toBe(wiring.getPay());
    expect(wiring.getPayFor(A)).toBe(wiring.getPay());
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
