/**
 * JSAPI orders: create (→ prepay_id), query by out_trade_no or by transaction_id, close.
 * All four are safe to repeat (see http.ts), so all are retried on SYSTEM_ERROR and friends.
 */
import { callApi, segment, type PayApiContext } from "./api-context";
import { parseJsapiOrderResult, parseTransaction, type JsapiOrderInput, type JsapiOrderRequest, type JsapiOrderResult, type Transaction } from "./transaction-types";
import { checkAmount, checkCurrency, checkIdentifier, checkNotifyUrl, checkOptionalText, checkOutTradeNo, checkText, checkTimeExpire, checkTransactionId } from "./validation";

/**
 * The order body, in the documentation's field order, checked before it is signed.
 * @see https://pay.weixin.qq.com/docs/merchant/apis/jsapi-payment/direct-jsons/jsapi-prepay.html
 */
export function buildJsapiOrderRequest(ctx: PayApiContext, input: JsapiOrderInput): JsapiOrderRequest {
  const notifyUrl = input.notify_url ?? ctx.notifyUrl ?? "";
  checkText(input.description, "description", 127);
  checkOutTradeNo(input.out_trade_no);
  checkTimeExpire(input.time_expire);
  checkOptionalText(input.attach, "attach", 128);
  checkNotifyUrl(notifyUrl, { allowHttp: ctx.allowHttpNotifyUrl });
  checkOptionalText(input.goods_tag, "goods_tag", 32);
  checkAmount(input.amount?.total, "amount.total");
  checkCurrency(input.amount.currency);
  checkIdentifier(input.payer?.openid, "payer.openid", 128);
  return {
    appid: ctx.appid,
    mchid: ctx.merchant.mchid,
    description: input.description,
    out_trade_no: input.out_trade_no,
    time_expire: input.time_expire,
    attach: input.attach,
    notify_url: notifyUrl,
    goods_tag: input.goods_tag,
    amount: { total: input.amount.total, currency: "CNY" },
    payer: { openid: input.payer.openid },
  };
}

/**
 * JSAPI下单: creates the order and returns its prepay_id (valid 2 hours). Repeating it with
 * the same out_trade_no and the same body returns the same prepay_id.
 * @see https://pay.weixin.qq.com/docs/merchant/apis/jsapi-payment/direct-jsons/jsapi-prepay.html
 */
export async function createJsapiOrder(ctx: PayApiContext, input: JsapiOrderInput): Promise<JsapiOrderResult> {
  const body = buildJsapiOrderRequest(ctx, input);
  return callApi(ctx, { method: "POST", path: "/v3/pay/transactions/jsapi", body, idempotent: true }, parseJsapiOrderResult);
}

/**
 * 查询订单 by the merchant's order number. ORDER_NOT_EXIST (404) for an unknown one.
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/open/pay/chapter2_4.shtml
 */
export async function queryOrderByOutTradeNo(ctx: PayApiContext, outTradeNo: string): Promise<Transaction> {
  checkOutTradeNo(outTradeNo);
  const path = `/v3/pay/transactions/out-trade-no/${segment(outTradeNo)}`;
  return callApi(ctx, { method: "GET", path, query: { mchid: ctx.merchant.mchid }, idempotent: true }, (data) => parseTransaction(data));
}

/**
 * 查询订单 by WeChat Pay's order number (transaction_id).
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/open/pay/chapter2_4.shtml
 */
export async function queryOrderByTransactionId(ctx: PayApiContext, transactionId: string): Promise<Transaction> {
  checkTransactionId(transactionId);
  const path = `/v3/pay/transactions/id/${segment(transactionId)}`;
  return callApi(ctx, { method: "GET", path, query: { mchid: ctx.merchant.mchid }, idempotent: true }, (data) => parseTransaction(data));
}

/**
 * 关闭订单: an unpaid order can no longer be paid (204, no body). Closing twice leaves it closed.
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/open/pay/chapter2_4.shtml
 */
export async function closeOrder(ctx: PayApiContext, outTradeNo: string): Promise<void> {
  checkOutTradeNo(outTradeNo);
  const path = `/v3/pay/transactions/out-trade-no/${segment(outTradeNo)}/close`;
  await callApi(ctx, { method: "POST", path, body: { mchid: ctx.merchant.mchid }, idempotent: true }, () => undefined);
}
