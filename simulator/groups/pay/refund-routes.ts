/**
 * Refunds: asynchronous, as WeChat Pay's are — `PROCESSING` at first, `SUCCESS` (or ABNORMAL /
 * CLOSED) after the merchant's delay, with REFUND.* notifications. One out_refund_no is one
 * refund (the same parameters give it back; others are INVALID_REQUEST); more than the order has
 * left is NOT_ENOUGH.
 * @see https://pay.weixin.qq.com/docs/merchant/apis/refund/refunds/create.html
 * @see https://pay.weixin.qq.com/docs/merchant/apis/refund/refunds/query-by-out-refund-no.html
 */
import { newRefundId, type Order, type Refund } from "./order-book";
import { isPayError, payError } from "./pay-errors";
import { answer, payRoute, type JsonObject, type PayAnswer, type PayContext } from "./pay-route";
import { scheduleRefund } from "./payments";
import { refundAnswer } from "./resources";
import { readRefund, type RefundFields } from "./validation";

function orderFor(ctx: PayContext, fields: RefundFields): Order | undefined {
  const book = ctx.pay.book;
  return fields.outTradeNo !== undefined ? book.order(ctx.merchant.mchid, fields.outTradeNo) : book.orderByTransactionId(ctx.merchant.mchid, fields.transactionId ?? "");
}

const fingerprint = (order: Order, f: RefundFields): string => JSON.stringify([order.outTradeNo, f.reason ?? null, f.notifyUrl ?? null, f.refund, f.total]);

function createRefund(ctx: PayContext, body: JsonObject): PayAnswer {
  const fields = readRefund(body, ctx.merchant.settings.allowHttpNotifyUrl);
  if (isPayError(fields)) return fields;
  const order = orderFor(ctx, fields);
  if (!order) return payError("RESOURCE_NOT_EXISTS", "订单不存在");
  const print = fingerprint(order, fields);
  const existing = ctx.pay.book.refund(ctx.merchant.mchid, fields.outRefundNo);
  if (existing) {
    return existing.fingerprint === print ? answer(refundAnswer(existing)) : payError("INVALID_REQUEST", "退款单号重复：同一个 out_refund_no 的退款参数必须与第一次相同");
  }
  if (!order.transactionId) return payError("INVALID_REQUEST", "订单未支付，不能退款");
  if (fields.total !== order.total) return payError("PARAM_ERROR", `amount.total ${fields.total} 与订单金额 ${order.total} 不一致`, { field: "/amount/total", value: fields.total });
  const left = ctx.pay.book.refundable(order);
  if (fields.refund > left) return payError("NOT_ENOUGH", `申请退款金额 ${fields.refund} 超过订单可退金额 ${left}`);
  const refund: Refund = {
    mchid: ctx.merchant.mchid, refundId: newRefundId(), outRefundNo: fields.outRefundNo, outTradeNo: order.outTradeNo, transactionId: order.transactionId,
    ...(fields.reason !== undefined ? { reason: fields.reason } : {}),
    // Without a notify_url of its own, the simulator notifies the order's (the merchant platform's setting stands in).
    notifyUrl: fields.notifyUrl ?? order.notifyUrl,
    refund: fields.refund, total: fields.total, fingerprint: print, status: "PROCESSING", createdAt: ctx.pay.now(),
  };
  ctx.pay.book.addRefund(refund);
  scheduleRefund(ctx.pay, ctx.merchant, refund);
  return answer(refundAnswer(refund));
}

function queryRefund(ctx: PayContext): PayAnswer {
  const refund = ctx.pay.book.refund(ctx.merchant.mchid, ctx.params.out_refund_no ?? "");
  return refund ? answer(refundAnswer(refund)) : payError("RESOURCE_NOT_EXISTS", "退款单不存在");
}

export const refundRoutes = [
  payRoute.post("/v3/refund/domestic/refunds", "v3/refund/domestic/refunds", createRefund),
  payRoute.get("/v3/refund/domestic/refunds/:out_refund_no", "v3/refund/domestic/refunds/{out_refund_no}", queryRefund),
];
