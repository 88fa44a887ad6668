/**
 * What happens to an order after it is placed: the buyer pays (SUCCESS and TRANSACTION.SUCCESS)
 * or the payment fails (PAYERROR), time_expire passes (CLOSED), and refunds run from PROCESSING to
 * SUCCESS / ABNORMAL / CLOSED after the merchant's delay, each ending in its notification. Every
 * genuine notification may be preceded by a `WECHATPAY/SIGNTEST/` probe (`signtestEvery`).
 * @see https://pay.weixin.qq.com/docs/merchant/apis/jsapi-payment/payment-notice.html
 * @see https://pay.weixin.qq.com/docs/merchant/apis/refund/refunds/refund-result-notice.html
 */
import type { Merchant } from "./merchant";
import type { RefundOutcome } from "./merchant-settings";
import { newNotificationId, notificationBody, type NotificationContent } from "./notification-body";
import type { Delivery } from "./notifier";
import type { Order, Refund } from "./order-book";
import type { PayState } from "./pay-state";
import { refundResource, transactionResource } from "./resources";
import { signtestSignature } from "./signed-headers";

/** An unpaid order whose time_expire has passed is closed; true when that happened now. */
export function expireIfDue(order: Order, now: number): boolean {
  if (order.tradeState !== "NOTPAY" || !order.timeExpire || now <= order.timeExpire.at) return false;
  order.tradeState = "CLOSED";
  return true;
}

/** Why an order cannot be paid now (in the buyer's words), or null when it can. */
export function unpayableReason(order: Order, now: number): string | null {
  expireIfDue(order, now);
  if (order.tradeState === "SUCCESS" || order.tradeState === "REFUND") return "该订单已支付";
  if (order.tradeState === "CLOSED") return "订单已关闭或已过期（time_expire）";
  if (order.tradeState !== "NOTPAY") return `订单状态为 ${order.tradeState}，不能支付`;
  return null;
}

/** Sends a genuine notification to `url` (after a SIGNTEST probe when it is the probe's turn). */
export function notify(pay: PayState, merchant: Merchant, url: string, content: NotificationContent, refs: { outTradeNo: string; outRefundNo?: string }): Delivery {
  const count = (pay.notificationCounts.get(merchant.mchid) ?? 0) + 1;
  pay.notificationCounts.set(merchant.mchid, count);
  const every = merchant.settings.signtestEvery;
  if (every > 0 && count % every === 0 && !merchant.settings.dropNotifications) sendSigntest(pay, merchant, url, content, refs);
  const id = newNotificationId();
  const kind = content.originalType;
  return pay.notifier.add(
    { id, kind, eventType: content.eventType, mchid: merchant.mchid, ...refs, url, body: notificationBody(merchant.apiV3Key, id, pay.now(), content), resource: content.resource, oneShot: false },
    merchant,
  );
}

/** A probe: a real-looking notification whose signature is `WECHATPAY/SIGNTEST/…`; the app must refuse it. */
export function sendSigntest(pay: PayState, merchant: Merchant, url: string, content: NotificationContent, refs: { outTradeNo?: string; outRefundNo?: string }): Delivery {
  const id = newNotificationId();
  const delivery = pay.notifier.add(
    {
      id, kind: "signtest", eventType: content.eventType, mchid: merchant.mchid, ...refs, url,
      body: notificationBody(merchant.apiV3Key, id, pay.now(), content), resource: content.resource, oneShot: true,
      forge: { options: { signature: signtestSignature() } },
    },
    merchant,
  );
  void pay.notifier.send(delivery, "first").catch(() => undefined);
  return delivery;
}

/** What TRANSACTION.SUCCESS says about a paid order. */
export const paymentContent = (order: Order): NotificationContent => ({ eventType: "TRANSACTION.SUCCESS", summary: "支付成功", originalType: "transaction", resource: transactionResource(order) });

/** The buyer paid: SUCCESS, a transaction_id, and TRANSACTION.SUCCESS to notify_url. Returns why not, if it cannot. */
export function payOrder(pay: PayState, merchant: Merchant, order: Order): string | null {
  const reason = unpayableReason(order, pay.now());
  if (reason) return reason;
  pay.book.markPaid(order, pay.now());
  notify(pay, merchant, order.notifyUrl, paymentContent(order), { outTradeNo: order.outTradeNo });
  return null;
}

/** The payment failed (PAYERROR); WeChat Pay sends no notification for it. */
export function failOrder(pay: PayState, order: Order): string | null {
  const reason = unpayableReason(order, pay.now());
  if (reason) return reason;
  order.tradeState = "PAYERROR";
  return null;
}

const REFUND_SUMMARY: Record<RefundOutcome, string> = { SUCCESS: "退款成功", ABNORMAL: "退款异常", CLOSED: "退款关闭" };

/** Ends a PROCESSING refund as `outcome`; a success counts against the order (trade_state REFUND). */
export function completeRefund(pay: PayState, merchant: Merchant, refund: Refund, outcome: RefundOutcome): boolean {
  if (refund.status !== "PROCESSING") return false;
  refund.status = outcome;
  const order = pay.book.order(refund.mchid, refund.outTradeNo);
  if (outcome === "SUCCESS") {
    refund.successTime = pay.now();
    if (order) {
      order.refunded += refund.refund;
      order.tradeState = "REFUND";
    }
  }
  const content = { eventType: `REFUND.${outcome}`, summary: REFUND_SUMMARY[outcome], originalType: "refund", resource: refundResource(refund) };
  notify(pay, merchant, refund.notifyUrl, content, { outTradeNo: refund.outTradeNo, outRefundNo: refund.outRefundNo });
  return true;
}

/** Starts the clock on a new refund: after `refundDelayMs` it ends as the merchant's `refundOutcome`. */
export function scheduleRefund(pay: PayState, merchant: Merchant, refund: Refund): void {
  pay.later(merchant.settings.refundDelayMs, () => completeRefund(pay, merchant, refund, merchant.settings.refundOutcome));
}
