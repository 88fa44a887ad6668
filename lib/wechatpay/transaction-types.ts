/**
 * JSAPI orders and transactions, in WeChat Pay's own field names (snake_case, as on the
 * wire and in the docs), and the parser that checks an answer's shape at the boundary.
 *
 * @see https://pay.weixin.qq.com/docs/merchant/apis/jsapi-payment/direct-jsons/jsapi-prepay.html
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/open/pay/chapter2_4.shtml (JSAPI API list)
 */
import { asObject, optionalObject, optionalString, requireInteger, requireString, type JsonObject } from "./json-read";

/** A value WeChat Pay may add later passes through as a plain string. */
type Open<T extends string> = T | (string & Record<never, never>);

/** trade_state: only SUCCESS is paid; REFUND means paid then (partly) refunded. */
export type TradeState = Open<"SUCCESS" | "REFUND" | "NOTPAY" | "CLOSED" | "REVOKED" | "USERPAYING" | "PAYERROR">;

/** The body of `POST /v3/pay/transactions/jsapi`. */
export interface JsapiOrderRequest {
  appid: string;
  mchid: string;
  /** At most 127 bytes of UTF-8. */
  description: string;
  /** 6–32 of `[0-9A-Za-z_\-|*]`, unique per merchant: the idempotency key of the order. */
  out_trade_no: string;
  /** RFC 3339, e.g. 2018-06-08T10:34:56+08:00. */
  time_expire?: string;
  /** Returned as is in queries and notifications; at most 128 bytes. */
  attach?: string;
  /** https, no query string. */
  notify_url: string;
  goods_tag?: string;
  amount: { total: number; currency?: "CNY" };
  payer: { openid: string };
}

/** What the caller gives; the client fills appid, mchid and (by default) notify_url. */
export type JsapiOrderInput = Omit<JsapiOrderRequest, "appid" | "mchid" | "notify_url"> & { notify_url?: string };

export interface JsapiOrderResult {
  /** Valid for 2 hours; goes into the JSAPI `package` as `prepay_id=…`. */
  prepay_id: string;
}

/** An order as a query or a TRANSACTION.SUCCESS notification describes it. */
export interface Transaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  /** WeChat Pay's order number; absent until the buyer pays. */
  transaction_id?: string;
  trade_type?: string;
  trade_state: TradeState;
  trade_state_desc?: string;
  bank_type?: string;
  attach?: string;
  /** RFC 3339, when paid. */
  success_time?: string;
  payer?: { openid?: string };
  /** Fen. `payer_total` is what the buyer paid after discounts. */
  amount?: { total?: number; payer_total?: number; currency?: string; payer_currency?: string };
  promotion_detail?: unknown[];
  scene_info?: unknown;
  [field: string]: unknown;
}

function checkAmount(object: JsonObject, what: string): void {
  const amount = optionalObject(object, "amount", what);
  if (!amount) return;
  for (const key of ["total", "payer_total"]) if (amount[key] !== undefined) requireInteger(amount, key, `${what}.amount`);
  optionalString(amount, "currency", `${what}.amount`);
}

/** Checks the fields the toolkit relies on; throws MalformedAnswer otherwise. */
export function parseTransaction(value: unknown, what = "transaction"): Transaction {
  const object = asObject(value, what);
  for (const key of ["appid", "mchid", "out_trade_no", "trade_state"]) requireString(object, key, what);
  for (const key of ["transaction_id", "trade_type", "trade_state_desc", "success_time", "attach", "bank_type"]) optionalString(object, key, what);
  const payer = optionalObject(object, "payer", what);
  if (payer) optionalString(payer, "openid", `${what}.payer`);
  checkAmount(object, what);
  return object as Transaction;
}

export function parseJsapiOrderResult(value: unknown): JsapiOrderResult {
  const object = asObject(value, "answer");
  return { prepay_id: requireString(object, "prepay_id", "answer") };
}
