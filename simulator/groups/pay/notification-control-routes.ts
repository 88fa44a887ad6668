/**
 * Controls of WeChat Pay's notifications (`/__sim/pay/notifications*`, `/__sim/pay/signtest`): the
 * deliveries with every attempt and the app's answers, the next retry now, a replay with the same
 * id, a forged or tampered one, a SIGNTEST probe.
 */
import { bad } from "../../core/control-input";
import type { JsonResult, Route, RouteContext } from "../../core/router";
import { payControl } from "./control-routes";
import { FORGERY_KINDS, sendForgery, type ForgeryKind } from "./forgeries";
import type { Merchant } from "./merchant";
import type { PayState } from "./pay-state";
import { paymentContent, sendSigntest } from "./payments";
import { deliveryView } from "./views";

function list(ctx: RouteContext, pay: PayState, merchant: Merchant): JsonResult {
  const since = Number(ctx.query.get("since") ?? 0) || 0;
  const kind = ctx.query.get("kind");
  const items = pay.notifier.list(since).filter((d) => d.mchid === merchant.mchid && (!kind || d.kind === kind));
  return { json: { notifications: items.map(deliveryView) } };
}

/** One more attempt now: the next scheduled retry brought forward (or a dropped one sent at last). */
async function retry(ctx: RouteContext, pay: PayState, merchant: Merchant): Promise<JsonResult> {
  const delivery = pay.notifier.get(ctx.params.id ?? "");
  if (!delivery || delivery.mchid !== merchant.mchid) return bad("no such notification", 404);
  if (delivery.oneShot) return bad("probes and forgeries are never retried", 409);
  if (delivery.status === "delivered") return bad("already delivered (use replay to send it again)", 409);
  if (pay.notifier.isInFlight(delivery.id)) return bad("an attempt is in flight", 409);
  const attempt = await pay.notifier.send(delivery, "manual");
  return { json: { ok: true, attempt, notification: deliveryView(delivery) } };
}

/** The same notification again (same id, same body, fresh signature headers), as WeChat Pay may send it. */
async function replay(ctx: RouteContext, pay: PayState, merchant: Merchant): Promise<JsonResult> {
  const delivery = pay.notifier.get(ctx.params.id ?? "");
  if (!delivery || delivery.mchid !== merchant.mchid || delivery.oneShot) return bad("no such notification", 404);
  const attempt = await pay.notifier.send(delivery, "replay");
  return { json: { ok: true, attempt, notification: deliveryView(delivery) } };
}

async function forge(_ctx: RouteContext, pay: PayState, merchant: Merchant, body: Record<string, unknown>): Promise<JsonResult> {
  if (typeof body.kind !== "string" || !(FORGERY_KINDS as readonly string[]).includes(body.kind)) return bad(`kind must be one of ${FORGERY_KINDS.join(", ")}`);
  const order = typeof body.outTradeNo === "string" ? pay.book.order(merchant.mchid, body.outTradeNo) : undefined;
  if (!order) return bad("outTradeNo must name an order of this merchant", 404);
  const delivery = await sendForgery(pay, merchant, order, body.kind as ForgeryKind);
  return { json: { ok: true, notification: deliveryView(delivery) } };
}

async function signtest(_ctx: RouteContext, pay: PayState, merchant: Merchant, body: Record<string, unknown>): Promise<JsonResult> {
  const order = typeof body.outTradeNo === "string" ? pay.book.order(merchant.mchid, body.outTradeNo) : pay.book.allOrders().filter((o) => o.mchid === merchant.mchid).pop();
  if (!order) return bad("no order to send a probe about (place one, or name it with outTradeNo)", 404);
  const claimed = order.transactionId ? order : { ...order, successTime: pay.now() };
  const delivery = sendSigntest(pay, merchant, order.notifyUrl, paymentContent(claimed), { outTradeNo: order.outTradeNo });
  await pay.notifier.settle();
  return { json: { ok: true, notification: deliveryView(delivery) } };
}

export const notificationControlRoutes: Route[] = [
  payControl("GET", "/__sim/pay/notifications", list),
  payControl("POST", "/__sim/pay/notifications/forge", forge),
  payControl("POST", "/__sim/pay/notifications/:id/retry", retry),
  payControl("POST", "/__sim/pay/notifications/:id/replay", replay),
  payControl("POST", "/__sim/pay/signtest", signtest),
];
