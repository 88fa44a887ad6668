/** How the control API shows orders, refunds and notification deliveries (no key material, ever). */
import type { Delivery } from "./notifier";
import type { Order, Refund } from "./order-book";
import type { PayState } from "./pay-state";
import { beijingTime } from "./pay-time";

export function refundView(refund: Refund): Record<string, unknown> {
  const { fingerprint: _fingerprint, ...rest } = refund;
  return { ...rest, createdAt: beijingTime(refund.createdAt), ...(refund.successTime !== undefined ? { successTime: beijingTime(refund.successTime) } : {}) };
}

/** A delivery without its forgery recipe (which may hold an attacker's private key). */
export function deliveryView(delivery: Delivery): Record<string, unknown> {
  const { forge: _forge, ...rest } = delivery;
  return rest;
}

export function orderView(order: Order): Record<string, unknown> {
  const { fingerprint: _fingerprint, timeExpire, ...rest } = order;
  return {
    ...rest,
    ...(timeExpire ? { timeExpire: timeExpire.text } : {}),
    createdAt: beijingTime(order.createdAt),
    ...(order.successTime !== undefined ? { successTime: beijingTime(order.successTime) } : {}),
  };
}

/** An order with its refunds and its notifications (probes and forgeries included). */
export function orderDetail(pay: PayState, order: Order): Record<string, unknown> {
  const mine = (r: { mchid: string; outTradeNo?: string }): boolean => r.mchid === order.mchid && r.outTradeNo === order.outTradeNo;
  return {
    ...orderView(order),
    refunds: pay.book.allRefunds().filter(mine).map(refundView),
    notifications: pay.notifier.list().filter(mine).map(deliveryView),
  };
}
