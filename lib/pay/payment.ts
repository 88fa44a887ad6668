/**
 * What we learn about an order from WeChat Pay — a verified notification, a query, the
 * reconciler — applied once. The payment itself is one conditional change (NOTPAY and the other
 * unpaid states → SUCCESS); everything after it (the timeline, the buyer's text) is idempotent
 * and runs again on a retry, so a failure between the steps costs nothing but the retry.
 */
import type { Transaction } from "@wxmp/wechatpay/transaction-types";
import type { PayDeps } from "./deps";
import { fulfilLater } from "./fulfilment";
import type { OrderRecord } from "./store";

/** States an order may be paid from: WeChat Pay's word that it is SUCCESS wins over ours. */
export const UNPAID_STATUSES = ["NOTPAY", "USERPAYING", "PAYERROR", "CLOSED", "REVOKED"] as const;

export type PaymentSource = "notify" | "query" | "reconcile";

/**
 * Why a transaction cannot be this order's payment, or null when it can. `mchid`: the merchant
 * whose keys verified what reported it (the notification's route, the client that queried).
 */
export function mismatch(mchid: string, order: OrderRecord, tx: Transaction): string | null {
  if (tx.mchid !== mchid || order.mchid !== mchid) return `mchid ${tx.mchid} is not ${order.mchid}`;
  if (tx.appid !== order.appId) return `appid ${tx.appid} is not ${order.appId}`;
  if (tx.amount?.total !== order.amount) return `amount ${String(tx.amount?.total)} is not ${order.amount}`;
  if (tx.payer?.openid !== undefined && tx.payer.openid !== order.openid) return "payer is not the order's buyer";
  return null;
}

const paidTime = (tx: Transaction, fallback: number): number => {
  const t = tx.success_time ? Date.parse(tx.success_time) : Number.NaN;
  return Number.isNaN(t) ? fallback : t;
};

/**
 * Applies a transaction WeChat Pay reported for `order`, through merchant `mchid` (this
 * service's by default). Returns what happened: `paid` (this
 * call made the payment), `already` (it was paid before), `mismatch` (logged loudly, recorded,
 * not taken as payment), `status` (an unpaid state recorded) or `none`.
 */
export async function applyTransaction(
  deps: PayDeps,
  order: OrderRecord,
  tx: Transaction,
  source: PaymentSource,
  mchid: string = deps.mchid,
): Promise<"paid" | "already" | "mismatch" | "status" | "none"> {
  const wrong = mismatch(mchid, order, tx);
  if (wrong) {
    deps.logger.error("pay: WeChat Pay reported a transaction that does not match the order — NOT taken as payment", {
      outTradeNo: order.outTradeNo,
      transactionId: tx.transaction_id,
      problem: wrong,
      source,
    });
    await deps.store.addEvent({ key: `mismatch:${order.outTradeNo}:${tx.transaction_id ?? source}`, outTradeNo: order.outTradeNo, kind: "mismatch", detail: wrong, at: deps.now() });
    return "mismatch";
  }
  if (tx.trade_state === "SUCCESS") {
    // A retry of a payment fully handled (paid, recorded, fulfilled — in that order): nothing left to do.
    if ((order.status === "SUCCESS" || order.status === "REFUND") && order.transactionId === tx.transaction_id && order.fulfilmentSentAt !== null) return "already";
    const made = await deps.store.markPaid(order.outTradeNo, UNPAID_STATUSES, { transactionId: tx.transaction_id ?? "", paidAt: paidTime(tx, deps.now()) });
    const now = await deps.store.findOrder(order.outTradeNo);
    if (!now || (now.status !== "SUCCESS" && now.status !== "REFUND")) return "none";
    // Idempotent follow-ups: on a retry after a failure here, they complete.
    await deps.store.addEvent({ key: `paid:${order.outTradeNo}`, outTradeNo: order.outTradeNo, kind: "paid", detail: source, at: deps.now() });
    if (made) deps.logger.info("pay: order paid", { outTradeNo: order.outTradeNo, amount: order.amount, source });
    if (now.fulfilmentSentAt === null) fulfilLater(deps, order.outTradeNo);
    return made ? "paid" : "already";
  }
  // Unpaid states WeChat Pay reports (CLOSED, PAYERROR, USERPAYING, REVOKED) replace NOTPAY.
  if (tx.trade_state !== "NOTPAY" && tx.trade_state !== order.status && order.status === "NOTPAY") {
    const changed = await deps.store.changeStatus(order.outTradeNo, ["NOTPAY"], tx.trade_state);
    if (changed && tx.trade_state === "CLOSED") await deps.store.addEvent({ key: `closed:${order.outTradeNo}`, outTradeNo: order.outTradeNo, kind: "closed", detail: source, at: deps.now() });
    return changed ? "status" : "none";
  }
  return "none";
}
