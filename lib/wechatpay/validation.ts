/**
 * Input WeChat Pay would refuse, caught before any request is signed and sent: each check
 * throws WeChatPayValidationError naming the field and repeating the documented limit.
 *
 * @see https://pay.weixin.qq.com/docs/merchant/apis/jsapi-payment/direct-jsons/jsapi-prepay.html (JSAPI order fields)
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3_partner/apis/chapter5_1_14.shtml (refund fields)
 */
import { WeChatPayValidationError } from "./errors";

/** 6–32 of digits, letters, `_`, `-`, `|`, `*`; unique per merchant. */
const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
/** 1–64 of digits, letters, `_`, `-`, `|`, `*`, `@`. */
const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;
/** WeChat Pay's own order number: digits (32 at most). */
const TRANSACTION_ID = /^[0-9]{1,32}$/;
/** time_expire, RFC 3339 with an offset: 2018-06-08T10:34:56+08:00. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/;
/** Amounts are int32 fen in WeChat Pay's API. */
const MAX_FEN = 2 ** 31 - 1;

const fail = (field: string, message: string): never => {
  throw new WeChatPayValidationError(field, `${field}: ${message}`);
};

export function checkOutTradeNo(value: string, field = "out_trade_no"): void {
  if (typeof value !== "string" || !OUT_TRADE_NO.test(value)) fail(field, "6–32 characters of 0-9 A-Z a-z _ - | *");
}

export function checkOutRefundNo(value: string, field = "out_refund_no"): void {
  if (typeof value !== "string" || !OUT_REFUND_NO.test(value)) fail(field, "1–64 characters of 0-9 A-Z a-z _ - | * @");
}

export function checkTransactionId(value: string, field = "transaction_id"): void {
  if (typeof value !== "string" || !TRANSACTION_ID.test(value)) fail(field, "WeChat Pay's order number, digits");
}

/** A positive whole number of fen (分), within int32. */
export function checkAmount(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value <= 0 || value > MAX_FEN) fail(field, "a positive whole number of fen (分)");
}

export function checkCurrency(value: string | undefined, field = "amount.currency"): void {
  if (value !== undefined && value !== "CNY") fail(field, "only CNY");
}

/** Non-empty text of at most `maxBytes` UTF-8 bytes (WeChat Pay counts bytes, not characters). */
export function checkText(value: string, field: string, maxBytes: number): void {
  if (typeof value !== "string" || value.length === 0) fail(field, "must not be empty");
  if (Buffer.byteLength(value, "utf8") > maxBytes) fail(field, `at most ${maxBytes} bytes of UTF-8 (a Chinese character is 3)`);
}

/** Optional text: checked when present. */
export function checkOptionalText(value: string | undefined, field: string, maxBytes: number): void {
  if (value !== undefined) checkText(value, field, maxBytes);
}

/**
 * notify_url: absolute https with no query string (WeChat Pay drops it), at most 255
 * characters. http only when `allowHttp` (a local simulator), never in production.
 */
export function checkNotifyUrl(value: string, options: { allowHttp?: boolean } = {}, field = "notify_url"): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(field, "an absolute URL");
  }
  const schemeOk = url.protocol === "https:" || (options.allowHttp === true && url.protocol === "http:");
  if (!schemeOk) fail(field, options.allowHttp ? "http or https" : "https (http only for a local simulator)");
  if (url.search || value.includes("?")) fail(field, "no query string");
  if (url.hash) fail(field, "no fragment");
  if (value.length > 255) fail(field, "at most 255 characters");
}

export function checkTimeExpire(value: string | undefined, field = "time_expire"): void {
  if (value !== undefined && (!RFC3339.test(value) || Number.isNaN(Date.parse(value)))) fail(field, "RFC 3339 with an offset, e.g. 2018-06-08T10:34:56+08:00");
}

export function checkIdentifier(value: string, field: string, maxBytes: number): void {
  if (typeof value !== "string" || !/^[\x21-\x7e]+$/.test(value)) fail(field, "printable ASCII without spaces");
  checkText(value, field, maxBytes);
}
