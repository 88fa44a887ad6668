/**
 * Refunds (申请退款, 查询单笔退款, 退款结果通知), in WeChat Pay's field names, with the
 * parsers that check answers and decrypted notifications at the boundary.
 *
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3_partner/apis/chapter5_1_14.shtml
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/open/pay/chapter2_4.shtml (JSAPI API list)
 */
import { asObject, optionalString, requireInteger, requireString, type JsonObject } from "./json-read";

type Open<T extends string> = T | (string & Record<never, never>);

/** PROCESSING until WeChat Pay has moved the money; SUCCESS, CLOSED or ABNORMAL after. */
export type RefundStatus = Open<"SUCCESS" | "CLOSED" | "PROCESSING" | "ABNORMAL">;

/** The body of `POST /v3/refund/domestic/refunds`; exactly one of out_trade_no / transaction_id. */
export type RefundRequest = ({ out_trade_no: string; transaction_id?: undefined } | { transaction_id: string; out_trade_no?: undefined }) & {
  /** 1–64 of `[0-9A-Za-z_\-|*@]`: the idempotency key of the refund (one key, one refund). */
  out_refund_no: string;
  /** Shown to the buyer; at most 80 characters. */
  reason?: string;
  notify_url?: string;
  funds_account?: "AVAILABLE";
  /** Fen: `refund` ≤ `total`, `total` the order's amount. */
  amount: { refund: number; total: number; currency: "CNY" };
};

export interface RefundAmount {
  total: number;
  refund: number;
  payer_total?: number;
  payer_refund?: number;
  settlement_refund?: number;
  settlement_total?: number;
  discount_refund?: number;
  currency?: string;
  [field: string]: unknown;
}

/** A refund as the create and query answers describe it. */
export interface Refund {
  refund_id: string;
  out_refund_no: string;
  transaction_id: string;
  out_trade_no: string;
  status: RefundStatus;
  channel?: string;
  user_received_account?: string;
  success_time?: string;
  create_time?: string;
  funds_account?: string;
  amount: RefundAmount;
  [field: string]: unknown;
}

/** The decrypted resource of a REFUND.SUCCESS / ABNORMAL / CLOSED notification. */
export interface RefundNotice {
  mchid: string;
  out_trade_no: string;
  transaction_id: string;
  out_refund_no: string;
  refund_id: string;
  refund_status: RefundStatus;
  success_time?: string;
  user_received_account?: string;
  amount: { total: number; refund: number; payer_total?: number; payer_refund?: number };
  [field: string]: unknown;
}

function checkRefundAmount(object: JsonObject, what: string): void {
  const amount = asObject(object.amount, `${what}.amount`);
  requireInteger(amount, "total", `${what}.amount`);
  requireInteger(amount, "refund", `${what}.amount`);
  for (const key of ["payer_total", "payer_refund"]) if (amount[key] !== undefined) requireInteger(amount, key, `${what}.amount`);
}

export function parseRefund(value: unknown, what = "refund"): Refund {
  const object = asObject(value, what);
  for (const key of ["refund_id", "out_refund_no", "transaction_id", "out_trade_no", "status"]) requireString(object, key, what);
  for (const key of ["channel", "user_received_account", "success_time", "create_time", "funds_account"]) optionalString(object, key, what);
  checkRefundAmount(object, what);
  return object as Refund;
}

export function parseRefundNotice(value: unknown, what = "refund notice"): RefundNotice {
  const object = asObject(value, what);
  for (const key of ["mchid", "out_trade_no", "transaction_id", "out_refund_no", "refund_id", "refund_status"]) requireString(object, key, what);
  for (const key of ["success_time", "user_received_account"]) optionalString(object, key, what);
  checkRefundAmount(object, what);
  return object as RefundNotice;
}
