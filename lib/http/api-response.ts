import "server-only";
import { randomUUID } from "node:crypto";
import { EnvError } from "../config/env-schema";
import { describeError, logger } from "../logger";
import { attributeError, noteWeChatError } from "../console/ops/recent-errors";
import { AuthorizationCallbackError, PlatformOffError } from "../console/platform/service";
import { AuthorizationRequiredError, ComponentTicketMissingError } from "@wxmp/wechat/component/errors";
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
  const platform = platformErrorResponse(error, context);
  if (platform) return platform;
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

/** What people see when the platform has no component_verify_ticket (yet): what happens, what to do. */
const TICKET_EXPLANATION: Record<ComponentTicketMissingError["problem"], string> = {
  missing:
    "第三方平台还没有收到 component_verify_ticket（新部署时常见）。微信在开放平台配置好「授权事件接收URL」且平台审核通过后，每 10 分钟推送一次；请几分钟后重试。",
  expired: "第三方平台最近一次收到的 component_verify_ticket 已超过 12 小时：推送没有到达授权事件接收URL（须在 5 秒内回答 success）。请检查该地址后重试。",
  rejected: "微信拒绝了保存的 component_verify_ticket（61005/61006）。下一次推送（10 分钟内）到达后请重试。",
};

/**
 * The third-party platform's expected failures: no usable ticket yet → 503 with a retry hint and
 * the explanation in Chinese (never a crash); an account that withdrew its authorization → 409.
 */
function platformErrorResponse(error: unknown, context: string): Response | null {
  if (error instanceof ComponentTicketMissingError) {
    logger.warn(`${context}: no usable component_verify_ticket`, { problem: error.problem });
    const body = { error: "component_ticket_missing", problem: error.problem, message: TICKET_EXPLANATION[error.problem], retryAfterSeconds: 60 };
    return Response.json(body, { status: 503, headers: { "retry-after": "60" } });
  }
  if (error instanceof AuthorizationRequiredError) {
    logger.warn(`${context}: account must authorize the platform again`, { appId: error.authorizerAppId, problem: error.problem });
    return jsonError(409, "authorization_required", {
      appId: error.authorizerAppId,
      problem: error.problem,
      message: "该公众号已取消授权或授权已失效，请在控制台「账号」页重新授权给第三方平台。",
    });
  }
  if (error instanceof PlatformOffError) return jsonError(404, "platform_off", { message: "第三方平台模式未开启（未设置 WECHAT_COMPONENT_APP_ID）。" });
  if (error instanceof AuthorizationCallbackError) return jsonError(400, error.reason, { message: error.message });
  return null;
}

/**
 * What a route knows of the request before its work: `account`, the AppID the request names
 * (`?appid=`, the webhook's path, the session's account) — a WeChat error its work meets is
 * that account's on the operations screen and the 概览, not the env's account's.
 */
export interface RouteScope {
  account?: string | null;
}

/** Runs a route's work and turns any failure into the contract's JSON error. */
export async function respond(context: string, work: () => Promise<Response>, scope: RouteScope = {}): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (scope.account) attributeError(error, scope.account);
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
