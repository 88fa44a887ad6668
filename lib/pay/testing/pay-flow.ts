/**
 * Steps of an order's life for the pay service's tests, over a PayKit: an order placed and paid
 * (the notification signed as WeChat Pay does), WeChat Pay answering a refund request, and a
 * refund's notification.
 */
import { expect } from "vitest";
import { BUYER, type PayKit } from "./pay-test-kit";

export const PREPAY = "wx201410272009395522657a690389285100";
export const TX = "4200000000202406010000000001";

/** An order of `kit`'s account placed by BUYER and paid (the notification taken, deferred work run). */
export async function paid(kit: PayKit, productId = "coffee"): Promise<{ outTradeNo: string; amount: number }> {
  kit.harness.fake.on({ method: "POST", path: "/v3/pay/transactions/jsapi", reply: kit.harness.signed(200, { prepay_id: PREPAY }) });
  const { outTradeNo, amount } = await kit.service.createOrder(BUYER, productId);
  const n = kit.notification("TRANSACTION.SUCCESS", kit.paidTransaction(outTradeNo, amount, { appid: kit.deps.appId }), { id: `EV-${outTradeNo}` });
  expect((await kit.service.notify(n.headers, n.body)).status).toBe(204);
  await kit.drain();
  return { outTradeNo, amount };
}

export const refundAnswer = (outTradeNo: string, outRefundNo: string, refund: number, total: number, status = "PROCESSING") => ({
  refund_id: `50000000382019052709732678${outRefundNo.slice(-3)}`,
  out_refund_no: outRefundNo,
  transaction_id: TX,
  out_trade_no: outTradeNo,
  channel: "ORIGINAL",
  user_received_account: "支付用户零钱",
  status,
  create_time: "2024-06-01T12:01:00+08:00",
  amount: { total, refund, payer_total: total, payer_refund: refund, currency: "CNY" },
});

/** WeChat Pay (`kit`'s fake) answers the next refund request of the order with `status`. */
export function onRefund(kit: PayKit, outTradeNo: string, total: number, status = "PROCESSING") {
  kit.harness.fake.on({
    method: "POST",
    path: "/v3/refund/domestic/refunds",
    reply: (req) => {
      const body = JSON.parse(req.body.toString()) as { out_refund_no: string; amount: { refund: number } };
      return kit.harness.signed(200, refundAnswer(outTradeNo, body.out_refund_no, body.amount.refund, total, status));
    },
  });
}

/** A REFUND.* notification for a refund of the order. */
export const refundNotice = (kit: PayKit, outTradeNo: string, outRefundNo: string, refund: number, total: number, status = "SUCCESS") =>
  kit.notification(
    `REFUND.${status}`,
    { mchid: kit.deps.mchid, out_trade_no: outTradeNo, transaction_id: TX, out_refund_no: outRefundNo, refund_id: "50000000382019052709732678859", refund_status: status, success_time: "2024-06-01T12:02:00+08:00", user_received_account: "支付用户零钱", amount: { total, refund, payer_total: total, payer_refund: refund } },
    { id: `EV-${outRefundNo}` },
  );
