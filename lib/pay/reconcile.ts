/**
 * `GET /api/cron/pay-reconcile`: what notifications may have missed. Orders left NOTPAY are
 * asked about (paid → applied once, as a notification would; past time_expire → closed at
 * WeChat Pay and here); refunds left PROCESSING are asked about; paid orders whose buyer's
 * text is still unsent get it. Bounded per run; the next run takes the rest.
 */
import { WeChatPayApiError } from "@wxmp/wechatpay/errors";
import { merchantOf, type PayDeps } from "./deps";
import { fulfilOnce } from "./fulfilment";
import { applyTransaction } from "./payment";
import { applyRefundAnswer, finishRefund } from "./refunds";
import type { OrderRecord } from "./store";

/** Younger orders and refunds are left to the notification that is probably on its way. */
const GRACE_MS = 60_000;
const BATCH = 50;

export interface ReconcileReport {
  checked: number;
  paid: number;
  closed: number;
  refundsFinished: number;
  fulfilled: number;
  errors: number;
}

async function reconcileOrder(deps: PayDeps, order: OrderRecord, report: ReconcileReport): Promise<void> {
  // Every order through ITS merchant (several merchants in one deployment).
  const { client } = await merchantOf(deps, order);
  const tx = await client.queryOrderByOutTradeNo(order.outTradeNo).catch((error: unknown) => {
    // Never created at WeChat Pay (the create call failed): nothing to pay, so close it here once expired.
    if (error instanceof WeChatPayApiError && error.code === "ORDER_NOT_EXIST") return null;
    throw error;
  });
  report.checked += 1;
  if (tx) {
    const result = await applyTransaction(deps, order, tx, "reconcile", client.mchid);
    if (result === "paid") report.paid += 1;
    if (result !== "none" || tx.trade_state !== "NOTPAY") return;
  }
  if (order.expiresAt > deps.now()) return;
  if (tx) await client.closeOrder(order.outTradeNo);
  if (await deps.store.changeStatus(order.outTradeNo, ["NOTPAY"], "CLOSED")) {
    report.closed += 1;
    await deps.store.addEvent({ key: `closed:${order.outTradeNo}`, outTradeNo: order.outTradeNo, kind: "closed", detail: "expired", at: deps.now() });
  }
}

async function each<T>(items: T[], report: ReconcileReport, deps: PayDeps, work: (item: T) => Promise<void>): Promise<void> {
  for (const item of items) {
    try {
      await work(item);
    } catch (error) {
      report.errors += 1;
      deps.logger.warn("pay: reconcile step failed", { reason: error instanceof Error ? error.message : String(error) });
    }
  }
}

export async function reconcile(deps: PayDeps): Promise<ReconcileReport> {
  const report: ReconcileReport = { checked: 0, paid: 0, closed: 0, refundsFinished: 0, fulfilled: 0, errors: 0 };
  const before = deps.now() - GRACE_MS;
  await each(await deps.store.unpaidOrders(before, BATCH), report, deps, (order) => reconcileOrder(deps, order, report));
  await each(await deps.store.pendingRefunds(before, BATCH), report, deps, async (refund) => {
    const order = await deps.store.findOrder(refund.outTradeNo);
    if (!order) throw new Error(`refund ${refund.outRefundNo}: its order ${refund.outTradeNo} is missing`);
    const { client } = await merchantOf(deps, order);
    const answer = await client.queryRefund(refund.outRefundNo).catch((error: unknown) => {
      if (error instanceof WeChatPayApiError && error.code === "RESOURCE_NOT_EXISTS") return null;
      throw error;
    });
    const finished = answer ? await applyRefundAnswer(deps, answer) : await finishRefund(deps, refund.outRefundNo, "FAILED", { detail: "RESOURCE_NOT_EXISTS" });
    if (finished) report.refundsFinished += 1;
  });
  await each(await deps.store.unfulfilledOrders(deps.now(), BATCH), report, deps, async (order) => {
    if ((await fulfilOnce(deps, order.outTradeNo)) === "sent") report.fulfilled += 1;
  });
  return report;
}
