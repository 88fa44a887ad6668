import "server-only";
import { EnvError } from "./env-schema";
import { describeError, logger } from "./logger";
import { noteWeChatError } from "./recent-wechat-errors";
import { WeChatApiError, WeChatHttpError, WeChatTimeoutError, WeChatValidationError } from "./wechat/errors";

/** `{ error }` JSON with a status; the shape every API route answers failures with. */
export function jsonError(status: number, error: string, extra?: Record<string, unknown>): Response {
  return Response.json({ error, ...extra }, { status });
}

/**
 * Maps a failure to the contract's JSON: WeChat error → 502 with errcode/errmsg, WeChat not
 * answering → 504, configuration → 500 with one line naming the variable; anything else → 500
 * without details. Never a stack trace, never a token (errors from lib/wechat carry none).
 */
export function errorResponse(error: unknown, context: string): Response {
  // A request the platform would refuse, caught before the call: the caller's input is at fault.
  if (error instanceof WeChatValidationError) {
    return jsonError(400, "invalid_request", { field: error.field, detail: error.message });
  }
  if (error instanceof WeChatApiError) {
    noteWeChatError(error, context); // listed with its rid on the operations screen
    logger.warn(`${context}: WeChat error`, { errcode: error.errcode, errmsg: error.errmsg, endpoint: error.endpoint });
    return jsonError(502, "wechat_error", { errcode: error.errcode, errmsg: error.errmsg });
  }
  if (error instanceof WeChatTimeoutError) {
    logger.warn(`${context}: WeChat timeout`, { endpoint: error.endpoint, timeoutMs: error.timeoutMs });
    return jsonError(504, "wechat_timeout", { errcode: -1, errmsg: error.message });
  }
  if (error instanceof WeChatHttpError) {
    logger.warn(`${context}: WeChat HTTP error`, { status: error.status, endpoint: error.endpoint });
    return jsonError(502, "wechat_unavailable", { errcode: -1, errmsg: `HTTP ${error.status}` });
  }
  if (error instanceof EnvError) {
    logger.error(`configuration: ${error.message}`);
    return jsonError(500, "server_misconfigured", { detail: error.message });
  }
  logger.error(`${context}: unexpected failure`, describeError(error));
  return jsonError(500, "internal_error");
}

/** Runs a route's work and turns any failure into the contract's JSON error. */
export async function respond(context: string, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    return errorResponse(error, context);
  }
}
