/**
 * How the pay routes fail: input the caller got wrong (`PayRequestError`, a 4xx with a stable
 * `error`), and WeChat Pay's own failures mapped to 502/504 — never its raw text beyond the
 * code, never a key.
 */
import "server-only";

export { isPayRequestError, PayRequestError } from "./request-error";
import { errorResponse, jsonError } from "../http/api-response";
import { logger } from "../logger";
import { isPayRequestError } from "./request-error";
import { WeChatPayApiError, WeChatPayConfigError, WeChatPayError, WeChatPayTimeoutError, WeChatPayValidationError } from "../wechatpay/errors";

export function payErrorResponse(error: unknown, context: string): Response {
  if (isPayRequestError(error)) return jsonError(error.status, error.error, error.extra);
  if (error instanceof WeChatPayValidationError) return jsonError(400, "invalid_request", { field: error.field });
  if (error instanceof WeChatPayApiError) {
    logger.warn(`${context}: WeChat Pay error`, { code: error.code, status: error.status, endpoint: error.endpoint });
    return jsonError(502, "wechatpay_error", { code: error.code });
  }
  if (error instanceof WeChatPayTimeoutError) {
    logger.warn(`${context}: WeChat Pay timeout`, { endpoint: error.endpoint });
    return jsonError(504, "wechatpay_timeout");
  }
  if (error instanceof WeChatPayConfigError) return errorResponse(error, context);
  if (error instanceof WeChatPayError) {
    // Verification failures, HTTP errors: an answer we cannot use.
    logger.warn(`${context}: WeChat Pay answer not usable`, { kind: error.kind, message: error.message });
    return jsonError(502, "wechatpay_error", { code: error.kind === "verification" ? "ANSWER_NOT_VERIFIED" : "UNAVAILABLE" });
  }
  return errorResponse(error, context);
}

/** Runs a pay route's work, mapping any failure. */
export async function respondPay(context: string, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    return payErrorResponse(error, context);
  }
}
