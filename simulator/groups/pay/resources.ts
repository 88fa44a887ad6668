/**
 * The shapes WeChat Pay describes an order and a refund in: the query answers, and the decrypted
 * resources of TRANSACTION.SUCCESS and REFUND.* notifications.
 * @see https://pay.weixin.qq.com/docs/merchant/apis/jsapi-payment/query-by-out-trade-no.html
 * @see https://pay.weixin.qq.com/docs/merchant/apis/jsapi-payment/payment-notice.html
 * @see https://pay.weixin.qq.com/docs/merchant/apis/refund/refunds/create.html
 */
import type { Order, Refund, TradeState } from "./order-book";
import { beijingTime } from "./pay-time";

const STATE_DESC: Record<TradeState, string> = {
  SUCCESS: "支付成功",
  REFUND: "订单发生过退款",
  NOTPAY: "订单未支付",
  CLOSED: "订单已关闭",
  PAYERROR: "支付失败，请重新下单支付",
};

/** A paid order as the query and the payment notification describe it (attach only once paid). */
function paidTransaction(order: Order, tradeState: TradeState): Record<string, unknown> {
  return {
    appid: order.appid,
    mchid: order.mchid,
    out_trade_no: order.outTradeNo,
    transaction_id: order.transactionId,
    trade_type: "JSAPI",
    trade_state: tradeState,
    trade_state_desc: STATE_DESC[tradeState],
    bank_type: "OTHERS",
    attach: order.attach ?? "",
    success_time: beijingTime(order.successTime ?? 0),
    payer: { openid: order.payerOpenid },
    amount: { total: order.total, payer_total: order.total, currency: "CNY", payer_currency: "CNY" },
  };
}

/** The query answer: an unpaid order has no transaction_id, an empty payer and no attach. */
export function transactionAnswer(order: Order): Record<string, unknown> {
  if (order.transactionId) return { ...paidTransaction(order, order.tradeState), promotion_detail: [] };
  return {
    appid: order.appid,
    mchid: order.mchid,
    out_trade_no: order.outTradeNo,
    trade_state: order.tradeState,
    trade_state_desc: STATE_DESC[order.tradeState],
    payer: {},
    amount: { total: order.total, payer_currency: "CNY" },
    promotion_detail: [],
  };
}

/** The decrypted resource of TRANSACTION.SUCCESS. */
export function transactionResource(order: Order): Record<string, unknown> {
  return paidTransaction(order, "SUCCESS");
}

function refundAmount(refund: Refund): Record<string, unknown> {
  return { total: refund.total, refund: refund.refund, payer_total: refund.total, payer_refund: refund.refund };
}

/** The refund as the create and query answers describe it. */
export function refundAnswer(refund: Refund): Record<string, unknown> {
  return {
    refund_id: refund.refundId,
    out_refund_no: refund.outRefundNo,
    transaction_id: refund.transactionId,
    out_trade_no: refund.outTradeNo,
    channel: "ORIGINAL",
    user_received_account: "支付用户零钱",
    ...(refund.successTime !== undefined ? { success_time: beijingTime(refund.successTime) } : {}),
    create_time: beijingTime(refund.createdAt),
    status: refund.status,
    funds_account: "AVAILABLE",
    amount: {
      ...refundAmount(refund),
      settlement_refund: refund.refund,
      settlement_total: refund.total,
      discount_refund: 0,
      currency: "CNY",
      refund_fee: 0,
      from: [],
    },
    promotion_detail: [],
  };
}

/** The decrypted resource of REFUND.SUCCESS / ABNORMAL / CLOSED. */
export function refundResource(refund: Refund): Record<string, unknown> {
  return {
    mchid: refund.mchid,
    transaction_id: refund.transactionId,
    out_trade_no: refund.outTradeNo,
    refund_id: refund.refundId,
    out_refund_no: refund.outRefundNo,
    refund_status: refund.status,
    ...(refund.successTime !== undefined ? { success_time: beijingTime(refund.successTime) } : {}),
    user_received_account: "支付用户零钱",
    amount: refundAmount(refund),
  };
}
