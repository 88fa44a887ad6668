/**
 * WeChat Pay's checks of a JSAPI order's and a refund's fields, in its order and its words:
 * out_trade_no 6–32 of [0-9A-Za-z_-|*], description ≤ 127 bytes, attach ≤ 128 bytes, amounts
 * positive integers in fen, currency CNY, notify_url https without a query (http only where the
 * merchant allows it, for the local demo), time_expire RFC 3339 in the future.
 * @see https://pay.weixin.qq.com/docs/merchant/apis/jsapi-payment/direct-jsons/jsapi-prepay.html
 * @see https://pay.weixin.qq.com/docs/merchant/apis/refund/refunds/create.html
 */
import { isPayError as isError, paramError, type PayError } from "./pay-errors";
import { parseRfc3339 } from "./pay-time";
import type { JsonObject } from "./pay-route";

const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;
const bytes = (text: string): number => Buffer.byteLength(text, "utf8");
const REQUIRED = "必填性规则校验失败，此字段为必填项";

export interface JsapiOrderFields {
  appid: string;
  mchid: string;
  description: string;
  outTradeNo: string;
  timeExpire?: { text: string; at: number };
  attach?: string;
  notifyUrl: string;
  total: number;
  openid: string;
}

function text(body: JsonObject, field: string): string | PayError {
  const value = body[field];
  return typeof value === "string" && value !== "" ? value : paramError(field, REQUIRED, value);
}

const object = (value: unknown): JsonObject | undefined => (value && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : undefined);

/** https (or http when allowed), absolute, no query or fragment, at most 255 characters. */
export function checkNotifyUrl(field: string, value: unknown, allowHttp: boolean): string | PayError {
  if (typeof value !== "string" || value === "") return paramError(field, REQUIRED, value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return paramError(field, "格式错误，应为完整的 URL", value);
  }
  if (url.protocol !== "https:" && !(allowHttp && url.protocol === "http:")) return paramError(field, "必须为 https 地址", value);
  if (value.length > 255 || url.search !== "" || url.hash !== "" || value.includes("?")) return paramError(field, "不能携带参数，且不超过 255 个字符", value);
  return value;
}

/** A positive integer in fen. */
function fen(amount: JsonObject, field: string): number | PayError {
  const value = amount[field];
  return typeof value === "number" && Number.isInteger(value) && value > 0 && value <= 100_000_000_00 ? value : paramError(`amount/${field}`, "应为大于 0 的整数（单位：分）", value);
}

function currency(amount: JsonObject, required: boolean): PayError | null {
  const value = amount.currency;
  if (value === undefined && !required) return null;
  return value === "CNY" ? null : paramError("amount/currency", "只支持 CNY", value);
}

function optionalFields(body: JsonObject, now: number): { timeExpire?: { text: string; at: number }; attach?: string } | PayError {
  const out: { timeExpire?: { text: string; at: number }; attach?: string } = {};
  if (body.time_expire !== undefined) {
    const at = typeof body.time_expire === "string" ? parseRfc3339(body.time_expire) : null;
    if (at === null) return paramError("time_expire", "应为 RFC 3339 格式，如 2018-06-08T10:34:56+08:00", body.time_expire);
    if (at <= now) return paramError("time_expire", "早于当前时间", body.time_expire);
    out.timeExpire = { text: body.time_expire as string, at };
  }
  if (body.attach !== undefined) {
    if (typeof body.attach !== "string" || bytes(body.attach) > 128) return paramError("attach", "应为不超过 128 字节的字符串", body.attach);
    out.attach = body.attach;
  }
  return out;
}

/** The JSAPI order's fields, or the first PARAM_ERROR, in the order WeChat Pay reads them. */
export function readJsapiOrder(body: JsonObject, allowHttp: boolean, now: number): JsapiOrderFields | PayError {
  const appid = text(body, "appid");
  if (isError(appid)) return appid;
  const mchid = text(body, "mchid");
  if (isError(mchid)) return mchid;
  const description = text(body, "description");
  if (isError(description)) return description;
  if (bytes(description) > 127) return paramError("description", `字节数 ${bytes(description)}，大于最大值 127`, description);
  const outTradeNo = text(body, "out_trade_no");
  if (isError(outTradeNo)) return outTradeNo;
  if (!OUT_TRADE_NO.test(outTradeNo)) return paramError("out_trade_no", "应为 6–32 个字符，只能是数字、大小写字母和 _-|*", outTradeNo);
  const optional = optionalFields(body, now);
  if (isError(optional)) return optional;
  const notifyUrl = checkNotifyUrl("notify_url", body.notify_url, allowHttp);
  if (isError(notifyUrl)) return notifyUrl;
  const amount = object(body.amount);
  if (!amount) return paramError("amount", REQUIRED, body.amount);
  const total = fen(amount, "total");
  if (isError(total)) return total;
  const badCurrency = currency(amount, false);
  if (badCurrency) return badCurrency;
  const openid = object(body.payer)?.openid;
  if (typeof openid !== "string" || openid === "") return paramError("payer/openid", REQUIRED, openid);
  return { appid, mchid, description, outTradeNo, ...optional, notifyUrl, total, openid };
}

export interface RefundFields {
  outTradeNo?: string;
  transactionId?: string;
  outRefundNo: string;
  reason?: string;
  notifyUrl?: string;
  refund: number;
  total: number;
}

/** The refund's fields (exactly one of out_trade_no / transaction_id), or the first PARAM_ERROR. */
export function readRefund(body: JsonObject, allowHttp: boolean): RefundFields | PayError {
  const { out_trade_no: outTradeNo, transaction_id: transactionId } = body;
  if ((outTradeNo === undefined) === (transactionId === undefined)) return paramError("out_trade_no", "与 transaction_id 必须二选一");
  for (const [field, value] of [["out_trade_no", outTradeNo], ["transaction_id", transactionId]] as const) {
    if (value !== undefined && (typeof value !== "string" || value === "")) return paramError(field, "应为非空字符串", value);
  }
  const outRefundNo = text(body, "out_refund_no");
  if (isError(outRefundNo)) return outRefundNo;
  if (!OUT_REFUND_NO.test(outRefundNo)) return paramError("out_refund_no", "应为 1–64 个字符，只能是数字、大小写字母和 _-|*@", outRefundNo);
  if (body.reason !== undefined && (typeof body.reason !== "string" || body.reason.length > 80)) return paramError("reason", "应为不超过 80 个字符的字符串", body.reason);
  const notifyUrl = body.notify_url === undefined ? undefined : checkNotifyUrl("notify_url", body.notify_url, allowHttp);
  if (isError(notifyUrl)) return notifyUrl;
  const amount = object(body.amount);
  if (!amount) return paramError("amount", REQUIRED, body.amount);
  const refund = fen(amount, "refund");
  if (isError(refund)) return refund;
  const total = fen(amount, "total");
  if (isError(total)) return total;
  const badCurrency = currency(amount, true);
  if (badCurrency) return badCurrency;
  return {
    ...(typeof outTradeNo === "string" ? { outTradeNo } : { transactionId: transactionId as string }),
    outRefundNo,
    ...(typeof body.reason === "string" ? { reason: body.reason } : {}),
    ...(notifyUrl !== undefined ? { notifyUrl } : {}),
    refund,
    total,
  };
}
