/**
 * The simulator's own WeChat Pay controls (`/__sim/pay/*`, JSON): the merchant's configuration and
 * what the app needs of it, certificate rotation, orders and refunds, paying or failing an order
 * directly, ending a refund. Never a private key or the APIv3 key. `?mchid=` (or `mchid` in the
 * body) picks a merchant; the first one otherwise.
 */
import { bad, controlObject } from "../../core/control-input";
import type { JsonResult, Route, RouteContext } from "../../core/router";
import type { Merchant } from "./merchant";
import { applySettings, type RefundOutcome } from "./merchant-settings";
import { payState, type PayState } from "./pay-state";
import { completeRefund, failOrder, payOrder } from "./payments";
import { orderDetail, orderView, refundView } from "./views";

type Handler = (ctx: RouteContext, pay: PayState, merchant: Merchant, body: Record<string, unknown>) => JsonResult | Promise<JsonResult>;

/** Finds the pay state and the merchant, reads the body; 404 without a merchant. */
export function payControl(method: Route["method"], path: string, run: Handler): Route {
  return {
    method,
    path,
    handler: async (ctx) => {
      const body = method === "GET" ? {} : await controlObject(ctx);
      if (!body) return bad("body must be a JSON object");
      const pay = ctx.state.shared(payState);
      const mchid = typeof body.mchid === "string" ? body.mchid : ctx.query.get("mchid");
      const merchant = pay.merchant(mchid);
      if (!merchant) return bad(mchid ? `no merchant ${mchid}` : "the simulator serves no WeChat Pay merchant (start it with the pay option / SIM_PAY_MCHID)", 404);
      return run(ctx, pay, merchant, body);
    },
  };
}

function setMerchant(_ctx: RouteContext, _pay: PayState, merchant: Merchant, body: Record<string, unknown>): JsonResult {
  const error = applySettings(merchant.settings, body);
  return error ? bad(error) : { json: { ok: true, merchant: merchant.view() } };
}

function rotate(ctx: RouteContext, pay: PayState, merchant: Merchant, body: Record<string, unknown>): JsonResult {
  const previous = merchant.certificates.map((c) => c.serialNo);
  const fresh = merchant.rotateCertificate(pay.now(), body.retireOld === true);
  ctx.state.note(`pay: ${merchant.mchid} signs with a new platform certificate ${fresh.serialNo}`);
  return { json: { ok: true, serialNo: fresh.serialNo, previous, listed: merchant.certificates.map((c) => c.serialNo) } };
}

function orderAction(action: "pay" | "fail"): Handler {
  return (ctx, pay, merchant) => {
    const order = pay.book.order(merchant.mchid, ctx.params.out_trade_no ?? "");
    if (!order) return bad("no such order", 404);
    const reason = action === "pay" ? payOrder(pay, merchant, order) : failOrder(pay, order);
    return reason ? bad(reason, 409) : { json: { ok: true, order: orderView(pay, order) } };
  };
}

/** 关联AppID: `{appId}` binds one more AppID to the merchant, so orders for it are accepted. */
function bindAppId(ctx: RouteContext, _pay: PayState, merchant: Merchant, body: Record<string, unknown>): JsonResult {
  const appId = body.appId;
  if (typeof appId !== "string" || !/^wx[0-9a-zA-Z]{14,16}$/.test(appId)) return bad("appId must be an AppID (wx + 16 characters)");
  if (merchant.bindAppId(appId)) ctx.state.note(`pay: ${merchant.mchid} is bound to ${appId}`);
  return { json: { ok: true, appIds: merchant.appIds } };
}

const OUTCOMES: readonly string[] = ["SUCCESS", "ABNORMAL", "CLOSED"];

function finishRefund(ctx: RouteContext, pay: PayState, merchant: Merchant, body: Record<string, unknown>): JsonResult {
  const refund = pay.book.refund(merchant.mchid, ctx.params.out_refund_no ?? "");
  if (!refund) return bad("no such refund", 404);
  const status = body.status ?? "SUCCESS";
  if (typeof status !== "string" || !OUTCOMES.includes(status)) return bad("status must be SUCCESS, ABNORMAL or CLOSED");
  if (!completeRefund(pay, merchant, refund, status as RefundOutcome)) return bad(`the refund is already ${refund.status}`, 409);
  return { json: { ok: true, refund: refundView(refund) } };
}

export const payControlRoutes: Route[] = [
  payControl("GET", "/__sim/pay/merchant", (_ctx, _pay, merchant) => ({ json: merchant.view() })),
  payControl("POST", "/__sim/pay/merchant", setMerchant),
  payControl("GET", "/__sim/pay/appids", (_ctx, _pay, merchant) => ({ json: { appIds: merchant.appIds } })),
  payControl("POST", "/__sim/pay/appids", bindAppId),
  payControl("GET", "/__sim/pay/app-env", (ctx, _pay, merchant) => ({ json: merchant.appEnv(ctx.state.publicUrl) })),
  payControl("POST", "/__sim/pay/certificates/rotate", rotate),
  payControl("GET", "/__sim/pay/orders", (ctx, pay, merchant) => {
    const state = ctx.query.get("trade_state");
    const orders = pay.book.allOrders().filter((o) => o.mchid === merchant.mchid).map((o) => orderView(pay, o));
    return { json: { orders: orders.filter((o) => !state || o.trade_state === state) } };
  }),
  payControl("GET", "/__sim/pay/orders/:out_trade_no", (ctx, pay, merchant) => {
    const order = pay.book.order(merchant.mchid, ctx.params.out_trade_no ?? "");
    return order ? { json: orderDetail(pay, order) } : bad("no such order", 404);
  }),
  payControl("POST", "/__sim/pay/orders/:out_trade_no/pay", orderAction("pay")),
  payControl("POST", "/__sim/pay/orders/:out_trade_no/fail", orderAction("fail")),
  payControl("GET", "/__sim/pay/refunds", (_ctx, pay, merchant) => ({ json: { refunds: pay.book.allRefunds().filter((r) => r.mchid === merchant.mchid).map(refundView) } })),
  payControl("POST", "/__sim/pay/refunds/:out_refund_no/complete", finishRefund),
];
