/**
 * One merchant, several accounts (关联AppID): each account's pay service places orders for its
 * own AppID (in the order, the stored record and the JSAPI paySign); the one notify URL's
 * service fulfils an order through the account the order was placed for, and refuses a
 * transaction whose appid is not the order's; the console lists, sums, shows and refunds one
 * account's orders only (another account's is not found, and WeChat Pay is not asked).
 */
import { verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { merchant } from "@/test/support/wechatpay-fixtures";
import { createMemoryPayStore } from "./memory-store";
import { isPayRequestError } from "./request-error";
import { onRefund, paid, PREPAY, refundNotice } from "./testing/pay-flow";
import { BUYER, createPayKit, type PayKit } from "./testing/pay-test-kit";

const SECOND = "wx0de0000000000002";

function twoAccounts(): { first: PayKit; second: PayKit } {
  const store = createMemoryPayStore();
  const second = createPayKit({ store, appId: SECOND });
  // Each kit numbers its orders from 1: a second later, the two never share an out_trade_no.
  second.harness.clock.advance(1000);
  return { first: createPayKit({ store }), second };
}

async function placeOrder(kit: PayKit) {
  kit.harness.fake.on({ method: "POST", path: "/v3/pay/transactions/jsapi", reply: kit.harness.signed(200, { prepay_id: PREPAY }) });
  return kit.service.createOrder(BUYER, "coffee");
}

describe("several accounts under one merchant", () => {
  it("places the second account's order for its own AppID, with the same merchant, and signs paySign with it", async () => {
    const { second } = twoAccounts();
    const created = await placeOrder(second);
    const [req] = second.harness.fake.requests;
    expect(JSON.parse(req!.body.toString())).toMatchObject({ appid: SECOND, mchid: merchant.mchid, out_trade_no: created.outTradeNo });
    expect((await second.store.findOrder(created.outTradeNo))?.appId).toBe(SECOND);
    const p = created.payParams;
    expect(p.appId).toBe(SECOND);
    const signed = Buffer.from(`${SECOND}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`);
    expect(verify("sha256", signed, merchant.certificate.publicKey, Buffer.from(p.paySign, "base64"))).toBe(true);
  });

  it("fulfils through the order's account when the one notify URL's (default) service takes the notification", async () => {
    const { first, second } = twoAccounts();
    const created = await placeOrder(second);
    const n = first.notification("TRANSACTION.SUCCESS", first.paidTransaction(created.outTradeNo, 1990, { appid: SECOND }));
    expect((await first.service.notify(n.headers, n.body)).status).toBe(204);
    await first.drain();
    expect(first.texts).toEqual([{ openid: BUYER, text: expect.stringContaining(created.outTradeNo) }]);
    expect(first.textAccounts).toEqual([SECOND]);
    expect((await first.store.findOrder(created.outTradeNo))?.status).toBe("SUCCESS");
  });

  it("does not take a transaction for another AppID as the order's payment", async () => {
    const { first, second } = twoAccounts();
    const created = await placeOrder(second);
    const n = first.notification("TRANSACTION.SUCCESS", first.paidTransaction(created.outTradeNo, 1990, { appid: merchant.appid }));
    await first.service.notify(n.headers, n.body);
    await first.drain();
    expect((await first.store.findOrder(created.outTradeNo))?.status).toBe("NOTPAY");
    expect(first.texts).toEqual([]);
    expect(first.logs.some((l) => l.level === "error" && /does not match/.test(l.message))).toBe(true);
  });

  it("lists each account's own orders for the console", async () => {
    const { first, second } = twoAccounts();
    const mine = await placeOrder(first);
    const theirs = await placeOrder(second);
    const listed = async (kit: PayKit) => (await kit.service.listOrders(new URLSearchParams())).items.map((o) => o.outTradeNo);
    expect(await listed(first)).toEqual([mine.outTradeNo]);
    expect(await listed(second)).toEqual([theirs.outTradeNo]);
  });

  it("sums each day of the account's own orders only", async () => {
    const { first, second } = twoAccounts();
    await paid(first, "coffee");
    await paid(second, "beans");
    await placeOrder(second);
    const today = async (kit: PayKit) => (await kit.service.summary(new URLSearchParams({ days: "1" }))).days;
    expect(await today(first)).toEqual([{ day: "2024-06-01", orders: 1, paidCount: 1, paidAmount: 1990, refundedAmount: 0 }]);
    expect(await today(second)).toEqual([{ day: "2024-06-01", orders: 2, paidCount: 1, paidAmount: 6800, refundedAmount: 0 }]);
  });

  it("shows and refunds the second account's order through its own service (partly, then the rest); the first account's console does not find it", async () => {
    const { first, second } = twoAccounts();
    const { outTradeNo, amount } = await paid(second, "beans");
    const notFound = (e: unknown) => isPayRequestError(e) && e.status === 404 && e.error === "not_found";
    expect(notFound(await first.service.orderDetail(outTradeNo).catch((e: unknown) => e))).toBe(true);
    expect(notFound(await first.service.refund(outTradeNo, { amount: 100 }).catch((e: unknown) => e))).toBe(true);
    // Refused before WeChat Pay is asked, and nothing recorded against the order.
    expect(first.harness.fake.requests).toEqual([]);
    expect(await first.store.listRefunds(outTradeNo)).toEqual([]);

    expect((await second.service.orderDetail(outTradeNo)).order).toMatchObject({ outTradeNo, status: "SUCCESS", refundable: amount });
    onRefund(second, outTradeNo, amount);
    const part = await second.service.refund(outTradeNo, { amount: 800, reason: "少发一件" });
    const n1 = refundNotice(second, outTradeNo, part.outRefundNo, 800, amount);
    expect((await first.service.notify(n1.headers, n1.body)).status).toBe(204);
    expect((await second.service.orderDetail(outTradeNo)).order).toMatchObject({ status: "SUCCESS", refunded: 800, refundable: amount - 800 });
    onRefund(second, outTradeNo, amount);
    const rest = await second.service.refund(outTradeNo, { amount: amount - 800 });
    const n2 = refundNotice(second, outTradeNo, rest.outRefundNo, amount - 800, amount);
    expect((await first.service.notify(n2.headers, n2.body)).status).toBe(204);
    const detail = await second.service.orderDetail(outTradeNo);
    expect(detail.order).toMatchObject({ status: "REFUND", refunded: amount, refundable: 0 });
    expect(detail.refunds.map((r) => [r.amount, r.status])).toEqual([[800, "SUCCESS"], [amount - 800, "SUCCESS"]]);
    // Both refund requests went out through the second account's client; the first's asked nothing.
    const refundCalls = second.harness.fake.requests.filter((r) => r.pathWithQuery === "/v3/refund/domestic/refunds");
    expect(refundCalls.map((r) => (JSON.parse(r.body.toString()) as { amount: { refund: number } }).amount.refund)).toEqual([800, amount - 800]);
    expect(first.harness.fake.requests).toEqual([]);
  });
});
