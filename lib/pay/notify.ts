/**
 * `POST /api/pay/notify`, framework-free: raw headers and bytes in, the answer out. The body
 * is bounded before anything reads it, verified before it is parsed, decrypted, checked against
 * the order, and applied once (payment.ts, refunds.ts). A failure of ours (the database) is a
 * 500 so WeChat Pay retries; nothing it sends can make us throw.
 *
 * @see https://pay.weixin.qq.com/docs/merchant/apis/jsapi-payment/payment-notice.html
 */
import { NOTIFICATION_MAX_BYTES, type PaymentNotification } from "@wxmp/wechatpay/notification";
import type { HeadersLike } from "@wxmp/wechatpay/types";
import type { PayDeps } from "./deps";
import { applyTransaction } from "./payment";
import { applyRefundNotice } from "./refunds";

export interface NotifyAnswer {
  status: 204 | 400 | 401 | 413 | 500;
  body: { code: "FAIL"; message: string } | null;
}

const fail = (status: NotifyAnswer["status"], message: string): NotifyAnswer => ({ status, body: { code: "FAIL", message } });

export { NOTIFICATION_MAX_BYTES };

async function apply(deps: PayDeps, n: PaymentNotification): Promise<void> {
  if (n.kind === "transaction") {
    const order = await deps.store.findOrder(n.transaction.out_trade_no);
    if (!order) {
      // Signed by WeChat Pay but not one of ours (another system on the same merchant): acknowledged.
      deps.logger.warn("pay: notification for an unknown order", { outTradeNo: n.transaction.out_trade_no, id: n.id });
      return;
    }
    await deps.store.addEvent({ key: `notified:${n.id}`, outTradeNo: order.outTradeNo, kind: "notified", detail: n.event_type, at: deps.now() });
    await applyTransaction(deps, order, n.transaction, "notify");
    return;
  }
  if (n.kind === "refund") {
    // Verified with this merchant's keys: it may only speak of this merchant's refunds.
    const order = n.refund.mchid === deps.mchid ? await deps.store.findOrder(n.refund.out_trade_no) : null;
    if (n.refund.mchid !== deps.mchid || (order && order.mchid !== deps.mchid)) {
      deps.logger.error("pay: refund notification for another merchant — ignored", { mchid: n.refund.mchid, outRefundNo: n.refund.out_refund_no });
      return;
    }
    await deps.store.addEvent({ key: `notified:${n.id}`, outTradeNo: n.refund.out_trade_no, kind: "notified", detail: n.event_type, at: deps.now() });
    await applyRefundNotice(deps, n.refund);
    return;
  }
  deps.logger.info("pay: notification of a type not handled, acknowledged", { eventType: n.event_type, id: n.id });
}

export async function handleNotification(deps: PayDeps, headers: HeadersLike, body: Uint8Array | null): Promise<NotifyAnswer> {
  if (body === null) return fail(413, `body over ${NOTIFICATION_MAX_BYTES} bytes`);
  const parsed = await deps.client.parseNotification(headers, body);
  if (!parsed.ok) {
    const status = parsed.reason === "unavailable" ? 500 : parsed.reason === "undecryptable" || parsed.reason === "malformed" || parsed.reason === "too_large" ? 400 : 401;
    deps.logger.warn("pay: notification refused", { reason: parsed.reason, status });
    return fail(status, status === 500 ? "temporarily unavailable" : `notification refused: ${parsed.reason}`);
  }
  try {
    await apply(deps, parsed.notification);
  } catch (error) {
    deps.logger.error("pay: notification not applied, WeChat Pay will retry", { id: parsed.notification.id, reason: error instanceof Error ? error.message : String(error) });
    return fail(500, "temporarily unavailable");
  }
  return { status: 204, body: null };
}
