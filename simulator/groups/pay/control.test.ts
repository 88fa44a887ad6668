/**
 * The `/__sim/pay/*` controls: the merchant's configuration and what the app needs, settings
 * checked before anything changes, orders and refunds listed — and never a private key or the
 * APIv3 key in any answer.
 */
import { createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { callPay } from "../../testing/pay-merchant";
import { control, getControl, placeOrder, sharedPaySimulator } from "../../testing/pay-support";
import { startTestSimulator } from "../../testing/test-support";

const f = sharedPaySimulator();

describe("the merchant's configuration", () => {
  it("shows keys' public halves, serials and settings, never a private key or the APIv3 key", async () => {
    await control(f, "/__sim/pay/merchant", { mode: "certificate" });
    const { body } = await placeOrder(f);
    await control(f, `/__sim/pay/orders/${body.out_trade_no}/pay`);
    await f.receiver.waitFor(1);
    await control(f, "/__sim/pay/notifications/forge", { kind: "forged", outTradeNo: body.out_trade_no });
    const texts = await Promise.all(
      ["/__sim/pay/merchant", "/__sim/pay/app-env", "/__sim/pay/orders", `/__sim/pay/orders/${body.out_trade_no}`, "/__sim/pay/notifications", "/__sim/pay/refunds", "/__sim/state"].map(async (path) => (await fetch(`${f.sim.url}${path}`)).text()),
    );
    for (const text of texts) {
      expect(text).not.toMatch(/PRIVATE KEY/);
      expect(text).not.toContain(f.merchant.apiV3Key);
    }
    const view = (await getControl(f, "/__sim/pay/merchant")).json;
    expect(view).toMatchObject({ mchid: f.merchant.mchid, appId: f.sim.account.appId, merchantSerial: f.merchant.serial, settings: { mode: "certificate" } });
    expect(createPublicKey(view.publicKey as string).asymmetricKeyType).toBe("rsa");
  });

  it("gives the app what WeChat Pay's side can: mchid, serial, public key id and PEM, the base URL", async () => {
    const env = (await getControl(f, "/__sim/pay/app-env")).json;
    expect(Object.keys(env).sort()).toEqual(["WECHATPAY_API_BASE_URL", "WECHATPAY_MCHID", "WECHATPAY_MERCHANT_SERIAL", "WECHATPAY_PUBLIC_KEY", "WECHATPAY_PUBLIC_KEY_ID"]);
    expect(env).toMatchObject({ WECHATPAY_MCHID: f.merchant.mchid, WECHATPAY_API_BASE_URL: f.sim.url });
    expect(String(env.WECHATPAY_PUBLIC_KEY_ID)).toMatch(/^PUB_KEY_ID_\d{32}$/);
    const other = (await getControl(f, `/__sim/pay/app-env?mchid=${f.other.mchid}`)).json;
    expect(other.WECHATPAY_MCHID).toBe(f.other.mchid);
    expect(other.WECHATPAY_PUBLIC_KEY).not.toBe(env.WECHATPAY_PUBLIC_KEY);
  });

  it("checks every setting before changing any, and resets to the start-up ones", async () => {
    const bad = await control(f, "/__sim/pay/merchant", { refundDelayMs: 10, mode: "sideways" });
    expect(bad.status).toBe(400);
    expect(String(bad.json.error)).toMatch(/^mode/);
    expect(f.pay.merchant()?.settings.refundDelayMs).toBe(20);
    for (const patch of [{ timeScale: -1 }, { signtestEvery: 1.5 }, { payDirectories: ["/shop/"] }, { nonsense: 1 }, { allowHttpNotifyUrl: "yes" }]) {
      expect((await control(f, "/__sim/pay/merchant", patch)).status).toBe(400);
    }
    expect((await control(f, "/__sim/pay/merchant", { mode: "both", refundDelayMs: 5 })).json).toMatchObject({ ok: true, merchant: { settings: { mode: "both", refundDelayMs: 5 } } });
    f.sim.state.reset();
    expect(f.pay.merchant()?.settings).toMatchObject({ mode: "public-key", refundDelayMs: 20 });
  });

  it("names a merchant by mchid, and says 404 for one it does not serve", async () => {
    expect((await control(f, "/__sim/pay/merchant", { mchid: f.other.mchid, merchantName: "另一家店" })).json).toMatchObject({ merchant: { mchid: f.other.mchid, settings: { merchantName: "另一家店" } } });
    expect(f.pay.merchant(f.merchant.mchid)?.settings.merchantName).toBe("测试小店");
    expect((await getControl(f, "/__sim/pay/merchant?mchid=1")).status).toBe(404);
  });
});

describe("orders and refunds", () => {
  it("lists orders by trade_state, and one order with its refunds and notifications", async () => {
    const paid = await placeOrder(f);
    await placeOrder(f);
    await control(f, `/__sim/pay/orders/${paid.body.out_trade_no}/pay`);
    await f.receiver.waitFor(1);
    await callPay(f.sim.url, f.merchant, "POST", "/v3/refund/domestic/refunds", { out_trade_no: paid.body.out_trade_no, out_refund_no: "R_LIST_1", amount: { refund: 100, total: 1990, currency: "CNY" } });
    await f.receiver.waitFor(2);
    await f.pay.notifier.settle();
    expect(((await getControl(f, "/__sim/pay/orders?trade_state=NOTPAY")).json.orders as unknown[]).length).toBe(1);
    const detail = (await getControl(f, `/__sim/pay/orders/${paid.body.out_trade_no}`)).json;
    expect(detail).toMatchObject({ out_trade_no: paid.body.out_trade_no, trade_state: "REFUND", refunded: 100, prepay_id: paid.prepayId, refunds: [{ out_refund_no: "R_LIST_1", status: "SUCCESS" }] });
    expect((detail.notifications as Array<{ eventType: string }>).map((n) => n.eventType)).toEqual(["TRANSACTION.SUCCESS", "REFUND.SUCCESS"]);
    expect(((await getControl(f, "/__sim/pay/refunds")).json.refunds as unknown[]).length).toBe(1);
    expect((await control(f, "/__sim/pay/orders/NOPE_1234/pay")).status).toBe(404);
  });
});

describe("a simulator without a merchant", () => {
  it("answers every pay call MCH_NOT_EXISTS and the controls 404", async () => {
    const bare = await startTestSimulator();
    try {
      const res = await callPay(bare.url, f.merchant, "GET", "/v3/certificates");
      expect([res.status, res.json?.code]).toEqual([400, "MCH_NOT_EXISTS"]);
      expect((await fetch(`${bare.url}/__sim/pay/merchant`)).status).toBe(404);
    } finally {
      await bare.close();
    }
  });

  it("refuses to start with a malformed merchant, naming what is wrong", async () => {
    await expect(startTestSimulator({ pay: [{ ...f.merchant.options, apiV3Key: "short" }] })).rejects.toThrow(/apiV3Key must be 32 bytes/);
    await expect(startTestSimulator({ pay: [{ ...f.merchant.options, merchantPublicKey: "nope" }] })).rejects.toThrow(/merchantPublicKey/);
  });
});
