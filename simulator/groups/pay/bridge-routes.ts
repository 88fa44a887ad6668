/**
 * The WeChat client's side of `getBrandWCPayRequest`, for the JS bridge (CORS: the page lives on
 * the app's origin): check the call and open a pay sheet; the buyer's 支付 pays the order (and
 * starts TRANSACTION.SUCCESS), 取消 closes the sheet. Every refusal is logged with its reason.
 */
import { controlObject } from "../../core/control-input";
import type { JsonResult, Route, RouteContext } from "../../core/router";
import { checkPayRequest } from "./pay-request-check";
import { payState } from "./pay-state";
import { payOrder } from "./payments";

const FAIL = "get_brand_wcpay_request:fail";

/** 19.9 yuan as ¥19.90 from 1990 fen. */
const yuan = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;

const cors = (json: unknown, status = 200): JsonResult => ({ json, status, cors: true });

function refuse(ctx: RouteContext, reason: string): JsonResult {
  ctx.state.note(`pay: getBrandWCPayRequest refused: ${reason}`);
  return cors({ ok: false, err_msg: FAIL, reason });
}

async function request(ctx: RouteContext): Promise<JsonResult> {
  const input = await controlObject(ctx);
  const pay = ctx.state.shared(payState);
  const checked = checkPayRequest(pay, input?.args, typeof input?.url === "string" ? input.url : "");
  if (!checked.ok) return refuse(ctx, checked.reason);
  const { order, merchant } = checked;
  const sheet = pay.openSheet(order.mchid, order.outTradeNo);
  return cors({
    ok: true,
    sheet: { id: sheet.id, merchantName: merchant.settings.merchantName, description: order.description, amount: yuan(order.total), total: order.total },
  });
}

async function confirm(ctx: RouteContext): Promise<JsonResult> {
  const input = await controlObject(ctx);
  const pay = ctx.state.shared(payState);
  const sheet = typeof input?.sheet === "string" ? pay.takeSheet(input.sheet) : undefined;
  if (!sheet) return refuse(ctx, "支付窗口已关闭或不存在");
  const order = pay.book.order(sheet.mchid, sheet.outTradeNo);
  const merchant = pay.merchants.get(sheet.mchid);
  if (!order || !merchant) return refuse(ctx, "订单不存在");
  const reason = payOrder(pay, merchant, order);
  if (reason) return refuse(ctx, reason);
  // 支付成功 is one of the user interactions that open the account's customer-service window
  // (as a message, a menu tap, a follow or a scan do), so the merchant may confirm by message.
  ctx.state.account(order.appid)?.markActive(order.payerOpenid);
  ctx.state.note(`pay: ${order.outTradeNo} paid ${yuan(order.total)} (${order.transactionId})`);
  return cors({ ok: true, err_msg: "get_brand_wcpay_request:ok" });
}

async function cancel(ctx: RouteContext): Promise<JsonResult> {
  const input = await controlObject(ctx);
  const sheet = typeof input?.sheet === "string" ? ctx.state.shared(payState).takeSheet(input.sheet) : undefined;
  if (sheet) ctx.state.note(`pay: ${sheet.outTradeNo}: the buyer cancelled`);
  return cors({ ok: true, err_msg: "get_brand_wcpay_request:cancel" });
}

export const bridgeRoutes: Route[] = [
  { method: "POST", path: "/__sim/pay/bridge/request", cors: true, handler: request },
  { method: "POST", path: "/__sim/pay/bridge/confirm", cors: true, handler: confirm },
  { method: "POST", path: "/__sim/pay/bridge/cancel", cors: true, handler: cancel },
];
