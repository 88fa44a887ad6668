/**
 * The WeChat client's checks behind `getBrandWCPayRequest` (the bridge's HTTP side; Playwright
 * drives the sheet itself in e2e/pay-sheet.spec.ts): paySign verified with the merchant's key,
 * each wrong field refused with a reason a developer can act on, 支付 paying once, 取消 not paying.
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { payParams } from "../../testing/pay-merchant";
import { control, placeOrder, sharedPaySimulator } from "../../testing/pay-support";
import { APP_ID } from "../../testing/test-support";

const f = sharedPaySimulator();
const PAGE = "http://localhost:3000/shop/checkout";

async function request(args: unknown, url = PAGE): Promise<Record<string, unknown>> {
  return (await control(f, "/__sim/pay/bridge/request", { args, url })).json;
}

describe("getBrandWCPayRequest", () => {
  it("opens a pay sheet naming the merchant, the product and the amount in yuan", async () => {
    const { prepayId } = await placeOrder(f, { description: "精品咖啡豆 500g", amount: { total: 12345, currency: "CNY" } });
    const res = await request(payParams(f.merchant, APP_ID, prepayId));
    expect(res).toMatchObject({ ok: true, sheet: { merchantName: "测试小店", description: "精品咖啡豆 500g", amount: "¥123.45", total: 12345 } });
  });

  it.each([
    ["timestamp instead of timeStamp", (p: Record<string, string>) => ({ ...p, timestamp: p.timeStamp, timeStamp: undefined }), /timeStamp.*wx\.chooseWXPay/],
    ["a number for timeStamp", (p: Record<string, string>) => ({ ...p, timeStamp: Number(p.timeStamp) }), /timeStamp/],
    ["no nonceStr", (p: Record<string, string>) => ({ ...p, nonceStr: undefined }), /nonceStr/],
    ["signType MD5 (APIv2)", (p: Record<string, string>) => ({ ...p, signType: "MD5" }), /signType/],
    ["a package without prepay_id=", (p: Record<string, string>) => ({ ...p, package: p.package!.slice("prepay_id=".length) }), /prepay_id=/],
    ["an unknown prepay_id", (p: Record<string, string>) => ({ ...p, package: "prepay_id=wx2025060112000000000000000000000000" }), /prepay_id 不存在/],
    ["another appId", (p: Record<string, string>) => ({ ...p, appId: "wx9999999999999999" }), /appId/],
    ["a changed nonceStr (signed with the old one)", (p: Record<string, string>) => ({ ...p, nonceStr: `${p.nonceStr}x` }), /paySign/],
  ])("refuses %s with get_brand_wcpay_request:fail and a reason", async (_what, change, reason) => {
    const { prepayId } = await placeOrder(f);
    const res = await request(change(payParams(f.merchant, APP_ID, prepayId)));
    expect(res.ok).toBe(false);
    expect(res.err_msg).toBe("get_brand_wcpay_request:fail");
    expect(String(res.reason)).toMatch(reason);
  });

  it("refuses a paySign made with another key, and one over the wrong string", async () => {
    const { prepayId } = await placeOrder(f);
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    expect((await request(payParams(f.merchant, APP_ID, prepayId, { signer: privateKey }))).ok).toBe(false);
    const params = payParams(f.merchant, APP_ID, prepayId);
    const swapped = { ...params, timeStamp: String(Number(params.timeStamp) + 1) };
    expect(String((await request(swapped)).reason)).toMatch(/paySign/);
  });

  it("refuses a prepay_id over two hours old, an order already paid, and a page outside the 支付授权目录", async () => {
    const old = await placeOrder(f);
    f.pay.book.orderByPrepayId(old.prepayId)!.prepayIssuedAt -= 2 * 3600_000 + 1000;
    expect(String((await request(payParams(f.merchant, APP_ID, old.prepayId))).reason)).toMatch(/过期/);
    const paid = await placeOrder(f);
    await control(f, `/__sim/pay/orders/${paid.body.out_trade_no}/pay`);
    expect(String((await request(payParams(f.merchant, APP_ID, paid.prepayId))).reason)).toMatch(/已支付/);
    await control(f, "/__sim/pay/merchant", { payDirectories: ["http://localhost:3000/shop/"] });
    const fresh = await placeOrder(f);
    expect((await request(payParams(f.merchant, APP_ID, fresh.prepayId), "http://localhost:3000/other/page")).reason).toMatch(/支付授权目录/);
    // A multi-level directory is matched exactly: neither a subdirectory's page nor the parent's.
    expect((await request(payParams(f.merchant, APP_ID, fresh.prepayId), "http://localhost:3000/shop/orders/1")).reason).toMatch(/支付授权目录/);
    expect((await request(payParams(f.merchant, APP_ID, fresh.prepayId), "http://localhost:3000/shop")).reason).toMatch(/支付授权目录/);
    expect((await request(payParams(f.merchant, APP_ID, fresh.prepayId), "http://localhost:3000/shop/item?id=1")).ok).toBe(true);
    // A top-level directory checks the host only.
    await control(f, "/__sim/pay/merchant", { payDirectories: ["http://localhost:3000/"] });
    expect((await request(payParams(f.merchant, APP_ID, fresh.prepayId), "http://localhost:3000/shop/orders/1")).ok).toBe(true);
    expect((await request(payParams(f.merchant, APP_ID, fresh.prepayId), "http://127.0.0.1:3000/shop")).reason).toMatch(/支付授权目录/);
    await control(f, "/__sim/pay/merchant", { payDirectories: [] });
  });

  it("pays once on 支付 (TRANSACTION.SUCCESS follows); the sheet cannot be used twice", async () => {
    const { prepayId, body } = await placeOrder(f);
    const { sheet } = (await request(payParams(f.merchant, APP_ID, prepayId))) as { sheet: { id: string } };
    expect((await control(f, "/__sim/pay/bridge/confirm", { sheet: sheet.id })).json).toEqual({ ok: true, err_msg: "get_brand_wcpay_request:ok" });
    expect(f.pay.book.order(f.merchant.mchid, String(body.out_trade_no))?.tradeState).toBe("SUCCESS");
    await f.receiver.waitFor(1);
    expect((await control(f, "/__sim/pay/bridge/confirm", { sheet: sheet.id })).json).toMatchObject({ ok: false, err_msg: "get_brand_wcpay_request:fail" });
    // 支付成功 is a user interaction: the payer's customer-service window is open now.
    const payer = f.pay.book.order(f.merchant.mchid, String(body.out_trade_no))!.payerOpenid;
    expect(f.sim.state.account(APP_ID)?.users.get(payer)?.lastInboundAt).toBeGreaterThan(Date.now() - 60_000);
  });

  it("pays nothing on 取消", async () => {
    const { prepayId, body } = await placeOrder(f);
    const { sheet } = (await request(payParams(f.merchant, APP_ID, prepayId))) as { sheet: { id: string } };
    expect((await control(f, "/__sim/pay/bridge/cancel", { sheet: sheet.id })).json).toEqual({ ok: true, err_msg: "get_brand_wcpay_request:cancel" });
    expect(f.pay.book.order(f.merchant.mchid, String(body.out_trade_no))?.tradeState).toBe("NOTPAY");
    expect((await control(f, "/__sim/pay/bridge/confirm", { sheet: sheet.id })).json.ok).toBe(false);
  });

  it("logs each refusal's reason for the developer", async () => {
    await request({ appId: APP_ID });
    expect(f.logs.filter((line) => line.startsWith("pay:"))).toEqual([expect.stringMatching(/^pay: getBrandWCPayRequest refused: 缺少参数 timeStamp/)]);
  });
});
