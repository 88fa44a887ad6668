/**
 * JSAPI orders: place one (the same out_trade_no with the same parameters gives the same
 * prepay_id; with others INVALID_REQUEST; paid ORDERPAID; closed ORDER_CLOSED), query it by
 * out_trade_no or transaction_id (`?mchid=` required and the caller's), close it.
 * @see https://pay.weixin.qq.com/docs/merchant/apis/jsapi-payment/direct-jsons/jsapi-prepay.html
 * @see https://pay.weixin.qq.com/docs/merchant/apis/jsapi-payment/query-by-out-trade-no.html
 * @see https://pay.weixin.qq.com/docs/merchant/apis/jsapi-payment/close-order.html
 */
import { newPrepayId, PREPAY_TTL_MS, type Order } from "./order-book";
import { isPayError, payError, paramError, type PayError } from "./pay-errors";
import { answer, noContent, payRoute, type JsonObject, type PayAnswer, type PayContext } from "./pay-route";
import { expireIfDue } from "./payments";
import { transactionAnswer } from "./resources";
import { readJsapiOrder, type JsapiOrderFields } from "./validation";

/** The mchid a request names (body or query) must be the caller's: unknown → MCH_NOT_EXISTS, another → PARAM_ERROR. */
export function checkMchid(ctx: PayContext, named: unknown, where: "body" | "query"): PayError | null {
  if (typeof named !== "string" || named === "") {
    return where === "query" ? payError("PARAM_ERROR", "输入源“/query/mchid”映射到字段“mchid”必填性规则校验失败，此字段为必填项") : paramError("mchid", "必填性规则校验失败，此字段为必填项");
  }
  if (named === ctx.merchant.mchid) return null;
  return ctx.pay.merchants.has(named) ? payError("PARAM_ERROR", `请求中的商户号 ${named} 与签名的商户号 ${ctx.merchant.mchid} 不一致`) : payError("MCH_NOT_EXISTS", `商户号 ${named} 不存在`);
}

const fingerprint = (f: JsapiOrderFields): string =>
  JSON.stringify([f.appid, f.description, f.timeExpire?.text ?? null, f.attach ?? null, f.notifyUrl, f.total, f.openid]);

/** Who may be charged: an appid bound to the merchant (any of its 关联AppID), and a user of that account. */
function checkParties(ctx: PayContext, fields: JsapiOrderFields): PayError | null {
  if (!ctx.merchant.isBound(fields.appid)) return payError("APPID_MCHID_NOT_MATCH");
  const account = ctx.state.account(fields.appid);
  if (!account?.users.get(fields.openid)) return payError("PARAM_ERROR", "appid和openid不匹配", { field: "/payer/openid", value: fields.openid });
  return null;
}

/** The same out_trade_no again: WeChat Pay's idempotency rules. */
function repeated(ctx: PayContext, order: Order, print: string): PayAnswer {
  const now = ctx.pay.now();
  expireIfDue(order, now);
  if (order.tradeState === "SUCCESS" || order.tradeState === "REFUND") return payError("ORDERPAID");
  if (order.tradeState === "CLOSED") return payError("ORDER_CLOSED");
  if (order.fingerprint !== print) return payError("INVALID_REQUEST", "商户订单号重复：同一个 out_trade_no 的下单参数必须与第一次相同");
  if (now - order.prepayIssuedAt > PREPAY_TTL_MS) ctx.pay.book.reissuePrepayId(order, newPrepayId(now), now);
  return answer({ prepay_id: order.prepayId });
}

function placeOrder(ctx: PayContext, body: JsonObject): PayAnswer {
  const now = ctx.pay.now();
  const fields = readJsapiOrder(body, ctx.merchant.settings.allowHttpNotifyUrl, now);
  if (isPayError(fields)) return fields;
  const refused = checkMchid(ctx, fields.mchid, "body") ?? checkParties(ctx, fields);
  if (refused) return refused;
  const print = fingerprint(fields);
  const existing = ctx.pay.book.order(ctx.merchant.mchid, fields.outTradeNo);
  if (existing) return repeated(ctx, existing, print);
  const order: Order = {
    mchid: ctx.merchant.mchid, appid: fields.appid, outTradeNo: fields.outTradeNo, description: fields.description, notifyUrl: fields.notifyUrl,
    ...(fields.attach !== undefined ? { attach: fields.attach } : {}), ...(fields.timeExpire ? { timeExpire: fields.timeExpire } : {}),
    total: fields.total, payerOpenid: fields.openid, fingerprint: print, prepayId: newPrepayId(now), prepayIssuedAt: now,
    tradeState: "NOTPAY", createdAt: now, refunded: 0,
  };
  ctx.pay.book.addOrder(order);
  return answer({ prepay_id: order.prepayId });
}

function query(ctx: PayContext, find: () => Order | undefined): PayAnswer {
  const refused = checkMchid(ctx, ctx.query.get("mchid"), "query");
  if (refused) return refused;
  const order = find();
  if (!order) return payError("ORDER_NOT_EXIST");
  expireIfDue(order, ctx.pay.now());
  return answer(transactionAnswer(order));
}

function closeOrder(ctx: PayContext, body: JsonObject): PayAnswer {
  const refused = checkMchid(ctx, body.mchid, "body");
  if (refused) return refused;
  const order = ctx.pay.book.order(ctx.merchant.mchid, ctx.params.out_trade_no ?? "");
  if (!order) return payError("ORDER_NOT_EXIST");
  if (order.tradeState === "SUCCESS" || order.tradeState === "REFUND") return payError("ORDERPAID");
  order.tradeState = "CLOSED";
  return noContent();
}

export const transactionRoutes = [
  payRoute.post("/v3/pay/transactions/jsapi", "v3/pay/transactions/jsapi", placeOrder),
  payRoute.get("/v3/pay/transactions/out-trade-no/:out_trade_no", "v3/pay/transactions/out-trade-no/{out_trade_no}", (ctx) =>
    query(ctx, () => ctx.pay.book.order(ctx.merchant.mchid, ctx.params.out_trade_no ?? "")),
  ),
  payRoute.get("/v3/pay/transactions/id/:transaction_id", "v3/pay/transactions/id/{transaction_id}", (ctx) =>
    query(ctx, () => ctx.pay.book.orderByTransactionId(ctx.merchant.mchid, ctx.params.transaction_id ?? "")),
  ),
  payRoute.post("/v3/pay/transactions/out-trade-no/:out_trade_no/close", "v3/pay/transactions/out-trade-no/{out_trade_no}/close", closeOrder),
];
