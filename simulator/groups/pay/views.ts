/**
 * How the control API shows WeChat Pay's records: orders and refunds in WeChat Pay's own words (the
 * query answers' snake_case fields) plus what only WeChat Pay's side knows (prepay_id, notify_url,
 * what was refunded); notification deliveries as the simulator records them. No key material, ever.
 */
import type { Delivery } from "./notifier";
import type { Order, Refund } from "./order-book";
import type { PayState } from "./pay-state";
import { expireIfDue } from "./payments";
import { beijingTime } from "./pay-time";
import { refundAnswer, transactionAnswer } from "./resources";

export function refundView(refund: Refund): Record<string, unknown> {
  return { ...refundAnswer(refund), ...(refund.reason !== undefined ? { reason: refund.reason } : {}), notify_url: refund.notifyUrl };
}

/** A delivery without its forgery recipe (which may hold an attacker's private key). */
export function deliveryView(delivery: Delivery): Record<string, unknown> {
  const { forge: _forge, ...rest } = delivery;
  return rest;
}

/** The order as the query answers it (time_expire applied first), and the order's own fields. */
export function orderView(pay: PayState, order: Order): Record<string, unknown> {
  expireIfDue(order, pay.now());
  return {
    ...transactionAnswer(order),
    description: order.description,
    notify_url: order.notifyUrl,
    prepay_id: order.prepayId,
    ...(order.timeExpire ? { time_expire: order.timeExpire.text } : {}),
    create_time: beijingTime(order.createdAt),
    /** Fen refunded by refunds that succeeded. */
    refunded: order.refunded,
  };
}

/** An order with its refunds and its notifications (probes and forgeries included). */
export function orderDetail(pay: PayState, order: Order): Record<string, unknown> {
  const mine = (r: { mchid: string; outTradeNo?: string }): boolean => r.mchid === order.mchid && r.outTradeNo === order.outTradeNo;
  return {
    ...orderView(pay, order),
    refunds: pay.book.allRefunds().filter(mine).map(refundView),
    notifications: pay.notifier.list().filter(mine).map(deliveryView),
  };
}
