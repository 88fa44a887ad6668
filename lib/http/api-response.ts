import "server-only";
import { randomUUID } from "node:crypto";
import { EnvError } from "../config/env-schema";
import { describeError, logger } from "../logger";
import { noteWeChatError } from "../console/ops/recent-errors";
import { WeChatApiError, WeChatHttpError, WeChatTimeoutError, WeChatValidationError } from "@wxmp/wechat/errors";

/** `{ error }` JSON with a status; the shape every API route answers failures with. */
export function jsonError(status: number, error: string, extra?: Record<string, unknown>): Response {
  return Response.json({ error, ...extra }, { status });
}

/**
 * Maps a failure to the contract's JSON: WeChat error → 502 with errcode/errmsg, WeChat not
 * answering → 504, configuration → 500 with one line naming the variable; anything else → 500
 * without details. Never a stack trace, never a token (errors from lib/wechat carry none).
 * A WeChat error is also listed on the operations screen, unless `listed: false`.
 */
export function errorResponse(error: unknown, context: string, o: { listed?: boolean } = {}): Response {
  // A request the platform would refuse, caught before the call: the caller's input is at fault.
  if (error instanceof WeChatValidationError) {
    return jsonError(400, "invalid_request", { field: error.field, detail: error.message });
  }
  if (error instanceof WeChatApiError) {
    if (o.listed ?? true) noteWeChatError(error, context); // listed with its rid on the operations screen
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

/**
 * The same mapping for routes anyone (or any signed-in follower) may call: WeChat's errmsg can
 * name our outgoing IP (40164) or other internals, so the caller gets only the error, the
 * errcode and a request id; the full text goes to the log under that id (and the admin
 * dashboard shows the credential's last error). Such errors stay off the operations screen's
 * short list of recent errors, which callers could otherwise fill with their own.
 */
export function publicErrorResponse(error: unknown, context: string): Response {
  const requestId = randomUUID();
  // errorResponse logs the full text (errcode, errmsg, endpoint) under the request id.
  const full = errorResponse(error, `${context} [${requestId}]`, { listed: false });
  if (!(error instanceof WeChatApiError || error instanceof WeChatTimeoutError || error instanceof WeChatHttpError)) return full;
  const errcode = error instanceof WeChatApiError ? { errcode: error.errcode } : {};
  return jsonError(full.status, error instanceof WeChatApiError ? "wechat_error" : full.status === 504 ? "wechat_timeout" : "wechat_unavailable", {
    ...errcode,
    requestId,
  });
}

/** `respond` for routes open to anyone: failures answered by `publicErrorResponse`. */
export async function respondPublic(context: string, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    return publicErrorResponse(error, context);
  }
}
