/**
 * Refunds from the console: checked against what is left before WeChat Pay is called, recorded
 * PROCESSING, and finished by whichever comes first — WeChat Pay's immediate answer, its
 * REFUND.* notification, or the reconciler's query. Only the change to SUCCESS adds to the
 * order's `refunded`, once (store.finishRefund).
 */
import { WeChatPayApiError } from "@wxmp/wechatpay/errors";
import type { Refund, RefundNotice, RefundStatus } from "@wxmp/wechatpay/refund-types";
import { merchantOf, type PayDeps } from "./deps";
import { PayRequestError } from "./request-error";
import { newOutTradeNo } from "./orders";
import { refundable } from "./views";

const MAX_REASON_CHARS = 80;

export interface RefundInput {
  amount?: unknown;
  reason?: unknown;
}

/** Records a refund's end (once) with its timeline entry. */
export async function finishRefund(deps: PayDeps, outRefundNo: string, status: RefundStatus | "FAILED", o: { refundId?: string; detail?: string } = {}): Promise<boolean> {
  if (status === "PROCESSING") return false;
  const refund = await deps.store.findRefund(outRefundNo);
  if (!refund) return false;
  const changed = await deps.store.finishRefund(outRefundNo, { status, refundId: o.refundId, finishedAt: deps.now() });
  const kind = status === "SUCCESS" ? "refunded" : "refund_failed";
  // Idempotent: recorded on a retry too, when the change above happened before a failure.
  const current = changed ? status : (await deps.store.findRefund(outRefundNo))?.status;
  if (current === status) {
    await deps.store.addEvent({ key: `${kind}:${outRefundNo}`, outTradeNo: refund.outTradeNo, kind, detail: o.detail ?? `${refund.amount}`, at: deps.now() });
  }
  return changed;
}

export const applyRefundNotice = (deps: PayDeps, notice: RefundNotice): Promise<boolean> =>
  finishRefund(deps, notice.out_refund_no, notice.refund_status, { refundId: notice.refund_id, detail: notice.refund_status === "SUCCESS" ? `${notice.amount.refund}` : notice.refund_status });

export const applyRefundAnswer = (deps: PayDeps, answer: Refund): Promise<boolean> =>
  finishRefund(deps, answer.out_refund_no, answer.status, { refundId: answer.refund_id, detail: answer.status === "SUCCESS" ? `${answer.amount.refund}` : answer.status });

function readInput(input: RefundInput): { amount: number; reason: string | null } {
  const amount = input.amount;
  if (typeof amount !== "number" || !Number.isSafeInteger(amount) || amount <= 0) throw new PayRequestError(400, "invalid_request", { field: "amount" });
  if (input.reason !== undefined && input.reason !== null && (typeof input.reason !== "string" || input.reason.length > MAX_REASON_CHARS)) {
    throw new PayRequestError(400, "invalid_request", { field: "reason" });
  }
  const reason = typeof input.reason === "string" && input.reason.trim() ? input.reason.trim() : null;
  return { amount, reason };
}

export async function requestRefund(deps: PayDeps, outTradeNo: string, input: RefundInput): Promise<{ outRefundNo: string; status: string }> {
  const { amount, reason } = readInput(input);
  const order = await deps.store.findOrder(outTradeNo);
  // Only the selected account's orders: a refund goes out through the order's own account's client.
  if (!order || order.appId !== deps.appId) throw new PayRequestError(404, "not_found");
  if (order.status !== "SUCCESS" && order.status !== "REFUND") throw new PayRequestError(409, "not_refundable", { status: order.status });
  const left = refundable(order, await deps.store.listRefunds(outTradeNo));
  if (amount > left) throw new PayRequestError(400, "refund_exceeds_refundable", { refundable: left });
  const merchant = await merchantOf(deps, order);
  const outRefundNo = newOutTradeNo(deps, "R");
  const now = deps.now();
  await deps.store.insertRefund({ outRefundNo, outTradeNo, amount, reason, status: "PROCESSING", createdAt: now });
  await deps.store.addEvent({ key: `refund_requested:${outRefundNo}`, outTradeNo, kind: "refund_requested", detail: `${amount}`, at: now });
  let answer: Refund;
  try {
    answer = await merchant.client.createRefund({
      out_trade_no: outTradeNo,
      out_refund_no: outRefundNo,
      ...(reason !== null && { reason }),
      notify_url: merchant.notifyUrl,
      amount: { refund: amount, total: order.amount, currency: "CNY" },
    });
  } catch (error) {
    // WeChat Pay refused it: nothing was refunded. Anything else (a timeout) stays PROCESSING
    // for the reconciler to ask about: the refund may exist.
    if (error instanceof WeChatPayApiError) await finishRefund(deps, outRefundNo, "FAILED", { detail: error.code });
    throw error;
  }
  await applyRefundAnswer(deps, answer);
  return { outRefundNo, status: answer.status };
}
