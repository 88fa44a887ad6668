/** Refunds: asynchronous, idempotent per out_refund_no, never more than is left, each ending in a notification. */
import { describe, expect, it } from "vitest";
import { callPay, openResource } from "../../testing/pay-merchant";
import { control, placeOrder, sharedPaySimulator, type PayFixture } from "../../testing/pay-support";

const f = sharedPaySimulator();
const REFUNDS = "/v3/refund/domestic/refunds";

/** A paid order whose TRANSACTION.SUCCESS has arrived; the receiver is empty again after. */
async function paidOrder(fixture: PayFixture): Promise<string> {
  fixture.receiver.reset();
  const { body } = await placeOrder(fixture);
  await control(fixture, `/__sim/pay/orders/${body.out_trade_no}/pay`);
  await fixture.receiver.waitFor(1);
  fixture.receiver.reset();
  return String(body.out_trade_no);
}

const refund = (outTradeNo: string, outRefundNo: string, amount: number, extra: Record<string, unknown> = {}): ReturnType<typeof callPay> =>
  callPay(f.sim.url, f.merchant, "POST", REFUNDS, { out_trade_no: outTradeNo, out_refund_no: outRefundNo, reason: "测试退款", amount: { refund: amount, total: 1990, currency: "CNY" }, ...extra });

const queryRefund = (no: string): ReturnType<typeof callPay> => callPay(f.sim.url, f.merchant, "GET", `${REFUNDS}/${no}`);

describe("refunds", () => {
  it("are PROCESSING first, SUCCESS after the delay, with REFUND.SUCCESS carrying the four amounts", async () => {
    const no = await paidOrder(f);
    const created = await refund(no, "R_PARTIAL_1", 500);
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ out_refund_no: "R_PARTIAL_1", out_trade_no: no, status: "PROCESSING", amount: { refund: 500, total: 1990, payer_refund: 500, payer_total: 1990, currency: "CNY" } });
    expect(String(created.json?.refund_id)).toMatch(/^50\d{27}$/);
    const [notice] = await f.receiver.waitFor(1);
    const envelope = JSON.parse(notice!.body) as { event_type: string; summary: string; resource: { original_type: string; ciphertext: string; nonce: string; associated_data: string } };
    expect(envelope.event_type).toBe("REFUND.SUCCESS");
    expect(envelope.resource.original_type).toBe("refund");
    const resource = JSON.parse(openResource(f.merchant.apiV3Key, envelope.resource)) as Record<string, unknown>;
    expect(resource).toMatchObject({ mchid: f.merchant.mchid, out_trade_no: no, out_refund_no: "R_PARTIAL_1", refund_status: "SUCCESS", amount: { total: 1990, refund: 500, payer_total: 1990, payer_refund: 500 } });
    expect((await queryRefund("R_PARTIAL_1")).json?.status).toBe("SUCCESS");
    const order = await callPay(f.sim.url, f.merchant, "GET", `/v3/pay/transactions/out-trade-no/${no}?mchid=${f.merchant.mchid}`);
    expect(order.json?.trade_state).toBe("REFUND");
  });

  it("refuse more than is left (processing refunds count) with NOT_ENOUGH, and allow exactly what is left", async () => {
    const no = await paidOrder(f);
    await control(f, "/__sim/pay/merchant", { refundDelayMs: 60_000 });
    expect((await refund(no, "R_A", 1500)).status).toBe(200);
    const over = await refund(no, "R_B", 491);
    expect([over.status, over.json?.code]).toEqual([403, "NOT_ENOUGH"]);
    expect((await refund(no, "R_C", 490)).json?.status).toBe("PROCESSING");
  });

  it("are one refund per out_refund_no: the same parameters give it back, others are INVALID_REQUEST", async () => {
    const no = await paidOrder(f);
    const first = await refund(no, "R_SAME_1", 300);
    const again = await refund(no, "R_SAME_1", 300);
    expect(again.json?.refund_id).toBe(first.json?.refund_id);
    const changed = await refund(no, "R_SAME_1", 301);
    expect([changed.status, changed.json?.code]).toEqual([400, "INVALID_REQUEST"]);
    await f.receiver.waitFor(1);
    await f.pay.notifier.settle();
    expect(f.receiver.received).toHaveLength(1);
  });

  it("can end ABNORMAL (merchant setting, or one refund by hand) with REFUND.ABNORMAL, refunding nothing", async () => {
    const no = await paidOrder(f);
    await control(f, "/__sim/pay/merchant", { refundDelayMs: 60_000 });
    await refund(no, "R_ABN_1", 1990);
    const done = await control(f, "/__sim/pay/refunds/R_ABN_1/complete", { status: "ABNORMAL" });
    expect(done.json).toMatchObject({ ok: true, refund: { status: "ABNORMAL" } });
    const [notice] = await f.receiver.waitFor(1);
    expect(JSON.parse(notice!.body).event_type).toBe("REFUND.ABNORMAL");
    expect((await control(f, "/__sim/pay/refunds/R_ABN_1/complete", { status: "SUCCESS" })).status).toBe(409);
    // Nothing was refunded: the whole amount can be refunded again.
    expect((await refund(no, "R_ABN_2", 1990)).status).toBe(200);
    await control(f, "/__sim/pay/merchant", { refundOutcome: "ABNORMAL", refundDelayMs: 0 });
    const no2 = await paidOrder(f);
    await refund(no2, "R_ABN_3", 100);
    const notices = await f.receiver.waitFor(1);
    expect(JSON.parse(notices[0]!.body).event_type).toBe("REFUND.ABNORMAL");
  });

  it("refuse an unpaid order, an unknown order, a total other than the order's, and bad fields", async () => {
    const { body } = await placeOrder(f);
    const unpaid = await refund(String(body.out_trade_no), "R_UNPAID", 100);
    expect([unpaid.status, unpaid.json?.code]).toEqual([400, "INVALID_REQUEST"]);
    expect((await refund("NO_SUCH_ORDER", "R_NONE", 100)).json?.code).toBe("RESOURCE_NOT_EXISTS");
    const no = await paidOrder(f);
    const total = await refund(no, "R_TOTAL", 100, { amount: { refund: 100, total: 2000, currency: "CNY" } });
    expect([total.status, total.json?.code]).toEqual([400, "PARAM_ERROR"]);
    const both = await refund(no, "R_BOTH", 100, { transaction_id: "4200000000000000000000000000" });
    expect(both.json?.code).toBe("PARAM_ERROR");
    const badNo = await refund(no, "R BAD", 100);
    expect(badNo.json?.code).toBe("PARAM_ERROR");
    const noCurrency = await refund(no, "R_CUR", 100, { amount: { refund: 100, total: 1990 } });
    expect(noCurrency.json?.code).toBe("PARAM_ERROR");
    expect((await queryRefund("R_NEVER")).status).toBe(404);
  });

  it("can name the order by transaction_id, and go to their own notify_url", async () => {
    const no = await paidOrder(f);
    const transactionId = f.pay.book.order(f.merchant.mchid, no)?.transactionId;
    const res = await callPay(f.sim.url, f.merchant, "POST", REFUNDS, {
      transaction_id: transactionId, out_refund_no: "R_BY_ID", notify_url: `${f.receiver.url}/refunds`, amount: { refund: 1990, total: 1990, currency: "CNY" },
    });
    expect(res.json).toMatchObject({ out_trade_no: no, transaction_id: transactionId });
    await f.receiver.waitFor(1);
    await f.pay.notifier.settle();
    const delivery = f.pay.notifier.list().find((d) => d.outRefundNo === "R_BY_ID");
    expect(delivery?.url).toBe(`${f.receiver.url}/refunds`);
  });
});
