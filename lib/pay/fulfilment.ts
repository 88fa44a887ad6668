/**
 * The demo's fulfilment: the buyer gets one customer-service text naming the product and the
 * amount. Sent off the notification's reply path (deferred past the response), by one process
 * at a time (a claim in the database), retried a few times in-process and then by the
 * reconciler — and never again once WeChat accepted it.
 */
import { yuan } from "./catalogue";
import type { PayDeps } from "./deps";

/** How long one sender holds the claim: longer than a send with its retries takes. */
const LEASE_MS = 60_000;
const RETRY_DELAYS_MS = [1_000, 5_000];

export const fulfilmentText = (description: string, amount: number, outTradeNo: string): string =>
  `支付成功：${description}，¥${yuan(amount)}。订单号 ${outTradeNo}。感谢惠顾！`;

/**
 * One attempt: claim, send, record. Returns "sent", "skipped" (sent already or claimed by
 * another) or "failed" (claim given back for the next attempt).
 */
export async function fulfilOnce(deps: PayDeps, outTradeNo: string): Promise<"sent" | "skipped" | "failed"> {
  if (!(await deps.store.claimFulfilment(outTradeNo, deps.now(), LEASE_MS))) return "skipped";
  const order = await deps.store.findOrder(outTradeNo);
  if (!order) return "skipped";
  try {
    await deps.sendText(order.openid, fulfilmentText(order.description, order.amount, outTradeNo), order.appId);
  } catch (error) {
    deps.logger.warn("pay: buyer's message not sent, will retry", { outTradeNo, reason: error instanceof Error ? error.message : String(error) });
    await deps.store.releaseFulfilment(outTradeNo).catch(() => undefined);
    return "failed";
  }
  const at = deps.now();
  // Sent: record it, trying hard — a lost record would let the claim expire and send again.
  for (let attempt = 0; ; attempt++) {
    try {
      await deps.store.completeFulfilment(outTradeNo, at);
      break;
    } catch (error) {
      if (attempt >= 4) throw error;
      await deps.sleep(500 * 2 ** attempt);
    }
  }
  await deps.store.addEvent({ key: `fulfilled:${outTradeNo}`, outTradeNo, kind: "fulfilled", detail: "customer-service text", at });
  return "sent";
}

/** Attempts with backoff; what is still unsent after them is the reconciler's. */
export async function fulfil(deps: PayDeps, outTradeNo: string): Promise<void> {
  for (let i = 0; ; i++) {
    const result = await fulfilOnce(deps, outTradeNo);
    if (result !== "failed" || i >= RETRY_DELAYS_MS.length) return;
    await deps.sleep(RETRY_DELAYS_MS[i]!);
  }
}

/** Schedules the buyer's text after the response; a failure is logged, never thrown at the caller. */
export function fulfilLater(deps: PayDeps, outTradeNo: string): void {
  deps.defer(() =>
    fulfil(deps, outTradeNo).catch((error: unknown) => {
      deps.logger.warn("pay: fulfilment failed, the reconciler will retry", { outTradeNo, reason: error instanceof Error ? error.message : String(error) });
    }),
  );
}
