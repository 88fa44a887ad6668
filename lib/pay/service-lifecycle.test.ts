import { describe, expect, it } from "vitest";
import { isPayRequestError } from "./request-error";
import { BUYER, createPayKit } from "./testing/pay-test-kit";
import { onRefund, paid, PREPAY, refundNotice, TX } from "./testing/pay-flow";

describe("reading an order", () => {
  it("asks WeChat Pay while it is NOTPAY, at most once per interval, and records a payment it learns", async () => {
    const kit = createPayKit();
    kit.harness.fake.on({ method: "POST", path: "/v3/pay/transactions/jsapi", reply: kit.harness.signed(200, { prepay_id: PREPAY }) });
    const { outTradeNo } = await kit.service.createOrder(BUYER, "coffee");
    const path = `/v3/pay/transactions/out-trade-no/${outTradeNo}`;
    kit.harness.fake.on({ method: "GET", path, reply: kit.harness.signed(200, { ...kit.paidTransaction(outTradeNo, 1990), trade_state: "NOTPAY", transaction_id: undefined }) });
    await Promise.all([1, 2, 3].map(() => kit.service.getOrder(outTradeNo, BUYER)));
    kit.harness.clock.advance(4000);
    expect((await kit.service.getOrder(outTradeNo, BUYER))?.status).toBe("NOTPAY");
    expect(kit.harness.fake.requests.filter((r) => r.method === "GET")).toHaveLength(1);
    kit.harness.clock.advance(1000);
    kit.harness.fake.on({ method: "GET", path, reply: kit.harness.signed(200, kit.paidTransaction(outTradeNo, 1990)) });
    expect(await kit.service.getOrder(outTradeNo, BUYER)).toMatchObject({ status: "SUCCESS", transactionId: TX });
    await kit.drain();
    expect(kit.texts).toHaveLength(1);
    expect((await kit.service.orderDetail(outTradeNo)).timeline.find((e) => e.kind === "paid")?.detail).toBe("query");
    // Paid: no more questions.
    kit.harness.clock.advance(60_000);
    await kit.service.getOrder(outTradeNo, BUYER);
    expect(kit.harness.fake.requests.filter((r) => r.method === "GET")).toHaveLength(2);
  });

  it("shows a buyer only their own orders (someone else's is as unknown), the operator any", async () => {
    const kit = createPayKit();
    const { outTradeNo } = await paid(kit);
    expect(await kit.service.getOrder(outTradeNo, "o-someone-else")).toBeNull();
    expect(await kit.service.getOrder("P2024060112000000000000ff", BUYER)).toBeNull();
    expect(await kit.service.getOrder("../../x", null)).toBeNull();
    expect(await kit.service.getOrder(outTradeNo, null)).toMatchObject({ outTradeNo, status: "SUCCESS" });
  });
});

describe("refunds", () => {
  it("partial then full: each REFUND.SUCCESS adds once, the last makes the order REFUND", async () => {
    const kit = createPayKit();
    const { outTradeNo, amount } = await paid(kit, "beans");
    onRefund(kit, outTradeNo, amount);
    const first = await kit.service.refund(outTradeNo, { amount: 1800, reason: "少发一件" });
    expect(first.status).toBe("PROCESSING");
    const sent = JSON.parse(kit.harness.fake.requests.at(-1)!.body.toString());
    expect(sent).toMatchObject({ out_trade_no: outTradeNo, out_refund_no: first.outRefundNo, reason: "少发一件", amount: { refund: 1800, total: 6800, currency: "CNY" } });
    // While it is in progress, only the rest may be refunded, and WeChat Pay is not asked for more.
    const calls = kit.harness.fake.requests.length;
    const over = await kit.service.refund(outTradeNo, { amount: 5001 }).catch((e: unknown) => e);
    expect(isPayRequestError(over) && over.status === 400 && over.error === "refund_exceeds_refundable" && over.extra.refundable === 5000).toBe(true);
    expect(kit.harness.fake.requests).toHaveLength(calls);
    const n1 = refundNotice(kit, outTradeNo, first.outRefundNo, 1800, amount);
    await Promise.all([1, 2, 3].map(() => kit.service.notify(n1.headers, n1.body)));
    expect(await kit.service.getOrder(outTradeNo, BUYER)).toMatchObject({ status: "SUCCESS", refunded: 1800 });
    onRefund(kit, outTradeNo, amount);
    const second = await kit.service.refund(outTradeNo, { amount: 5000 });
    const n2 = refundNotice(kit, outTradeNo, second.outRefundNo, 5000, amount);
    expect((await kit.service.notify(n2.headers, n2.body)).status).toBe(204);
    expect((await kit.service.notify(n2.headers, n2.body)).status).toBe(204);
    const detail = await kit.service.orderDetail(outTradeNo);
    expect(detail.order).toMatchObject({ status: "REFUND", refunded: 6800, refundable: 0 });
    expect(detail.refunds.map((r) => [r.amount, r.status])).toEqual([[1800, "SUCCESS"], [5000, "SUCCESS"]]);
    expect(detail.timeline.filter((e) => e.kind === "refunded").map((e) => e.detail)).toEqual(["1800", "5000"]);
    const more = await kit.service.refund(outTradeNo, { amount: 1 }).catch((e: unknown) => e);
    expect(isPayRequestError(more) && more.status === 400 && more.extra.refundable === 0).toBe(true);
  });

  it("checks the amount and the order before calling WeChat Pay", async () => {
    const kit = createPayKit();
    const { outTradeNo } = await paid(kit);
    const calls = kit.harness.fake.requests.length;
    for (const amount of [0, -1, 1.5, "100", null, 1991]) {
      const error = await kit.service.refund(outTradeNo, { amount }).catch((e: unknown) => e);
      expect(isPayRequestError(error) && error.status === 400).toBe(true);
    }
    const unknown = await kit.service.refund("P20240601120000ffffffffff", { amount: 1 }).catch((e: unknown) => e);
    expect(isPayRequestError(unknown) && unknown.status === 404).toBe(true);
    expect(kit.harness.fake.requests).toHaveLength(calls);
  });

  it("records a refund WeChat Pay refuses as FAILED, leaving the amount refundable", async () => {
    const kit = createPayKit();
    const { outTradeNo } = await paid(kit);
    kit.harness.fake.on({ method: "POST", path: "/v3/refund/domestic/refunds", reply: kit.harness.signed(403, { code: "NOT_ENOUGH", message: "基本账户余额不足" }) });
    const error = await kit.service.refund(outTradeNo, { amount: 1990 }).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe("NOT_ENOUGH");
    const detail = await kit.service.orderDetail(outTradeNo);
    expect(detail.refunds.map((r) => r.status)).toEqual(["FAILED"]);
    expect(detail.order).toMatchObject({ status: "SUCCESS", refunded: 0, refundable: 1990 });
  });
});

describe("the reconciler and the console", () => {
  it("closes an expired unpaid order at WeChat Pay and here, and finds a payment a lost notification missed", async () => {
    const kit = createPayKit();
    kit.harness.fake.on({ method: "POST", path: "/v3/pay/transactions/jsapi", reply: kit.harness.signed(200, { prepay_id: PREPAY }), times: 2 });
    const a = await kit.service.createOrder(BUYER, "coffee");
    const b = await kit.service.createOrder(BUYER, "postcard");
    kit.harness.clock.advance(31 * 60_000);
    const notPaid = (o: string, amount: number) => kit.harness.signed(200, { ...kit.paidTransaction(o, amount), trade_state: "NOTPAY", transaction_id: undefined });
    kit.harness.fake.on({ method: "GET", path: `/v3/pay/transactions/out-trade-no/${a.outTradeNo}`, reply: notPaid(a.outTradeNo, 1990) });
    kit.harness.fake.on({ method: "POST", path: `/v3/pay/transactions/out-trade-no/${a.outTradeNo}/close`, reply: kit.harness.signed(204) });
    kit.harness.fake.on({ method: "GET", path: `/v3/pay/transactions/out-trade-no/${b.outTradeNo}`, reply: kit.harness.signed(200, kit.paidTransaction(b.outTradeNo, 1)) });
    const report = await kit.service.reconcile();
    expect(report).toMatchObject({ checked: 2, paid: 1, closed: 1, errors: 0 });
    await kit.drain();
    expect((await kit.store.findOrder(a.outTradeNo))?.status).toBe("CLOSED");
    expect((await kit.store.findOrder(b.outTradeNo))?.status).toBe("SUCCESS");
    expect(kit.texts.map((t) => t.text)).toEqual([expect.stringContaining("明信片，¥0.01")]);
  });

  it("lists orders by status and Beijing day with totals, and sums each day", async () => {
    const kit = createPayKit();
    await paid(kit, "coffee");
    await paid(kit, "beans");
    kit.harness.fake.on({ method: "POST", path: "/v3/pay/transactions/jsapi", reply: kit.harness.signed(200, { prepay_id: PREPAY }) });
    await kit.service.createOrder(BUYER, "postcard");
    const day = "2024-06-01"; // 04:00 UTC is 12:00 in Beijing
    const all = await kit.service.listOrders(new URLSearchParams({ day }));
    expect(all.total).toBe(3);
    expect(all.totals).toEqual({ orders: 3, paidCount: 2, paidAmount: 8790, refundedAmount: 0 });
    expect(all.items[0]).toMatchObject({ productId: "postcard", status: "NOTPAY", openid: BUYER, refundable: 0 });
    const succeeded = await kit.service.listOrders(new URLSearchParams({ status: "SUCCESS" }));
    expect(succeeded.items.map((o) => o.productId)).toEqual(["beans", "coffee"]);
    expect((await kit.service.listOrders(new URLSearchParams({ day: "2024-05-31" }))).total).toBe(0);
    for (const bad of [{ status: "PAID" }, { day: "2024-13-01" }, { offset: "-1" }, { limit: "1000" }] as Record<string, string>[]) {
      const error = await kit.service.listOrders(new URLSearchParams(bad)).catch((e: unknown) => e);
      expect(isPayRequestError(error) && error.status === 400 && error.extra.field === Object.keys(bad)[0]).toBe(true);
    }
    const summary = await kit.service.summary(new URLSearchParams({ days: "3" }));
    expect(summary.days).toEqual([
      { day: "2024-05-30", orders: 0, paidCount: 0, paidAmount: 0, refundedAmount: 0 },
      { day: "2024-05-31", orders: 0, paidCount: 0, paidAmount: 0, refundedAmount: 0 },
      { day: "2024-06-01", orders: 3, paidCount: 2, paidAmount: 8790, refundedAmount: 0 },
    ]);
  });

  it("retries the buyer's text that failed, and never sends it twice", async () => {
    let fail = 3;
    const sent: string[] = [];
    const kit = createPayKit({ sendText: async (_openid, text) => (fail-- > 0 ? Promise.reject(new Error("45015 response out of time limit")) : void sent.push(text)) });
    const { outTradeNo } = await paid(kit);
    expect(sent).toEqual([]); // three attempts failed
    expect((await kit.store.findOrder(outTradeNo))?.fulfilmentSentAt).toBeNull();
    const report = await kit.service.reconcile();
    expect(report.fulfilled).toBe(1);
    await kit.service.reconcile();
    const n = kit.notification("TRANSACTION.SUCCESS", kit.paidTransaction(outTradeNo, 1990), { id: "EV-again" });
    await kit.service.notify(n.headers, n.body);
    await kit.drain();
    expect(sent).toHaveLength(1);
  });
});
