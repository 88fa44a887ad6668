/** The route table shape shared by the route modules and the server. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SimulatorState } from "./state";
import { wxError, type WxError } from "./wechat-errors";

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  query: URLSearchParams;
  /** Path parameters of a RegExp route (named groups). */
  params: Record<string, string>;
  state: SimulatorState;
  /** The request body as text (read once, cached; at most 1 MiB). */
  body(): Promise<string>;
  /** The request body as bytes, for multipart uploads (read once, cached; at most 64 MiB). */
  rawBody(): Promise<Buffer>;
}

/** A JSON answer; the server logs its errcode for API routes. */
export interface JsonResult {
  json: unknown;
  status?: number;
  cors?: boolean;
}

export interface Route {
  method: "GET" | "POST" | "DELETE";
  path: string | RegExp;
  /** For WeChat APIs: the name counted in `calls`, matched by faults and shown in the API log. */
  endpoint?: string;
  /** CORS for browser pages on other origins (JS bridge routes). */
  cors?: boolean;
  handler(ctx: RouteContext): Promise<JsonResult | void> | JsonResult | void;
}

/**
 * The access_token check every WeChat API starts with: 41001 missing,
 * 40001 unknown or superseded past its grace period, 42001 expired; null when valid.
 */
export function accessTokenError(ctx: RouteContext): WxError | null {
  const token = ctx.query.get("access_token");
  if (!token) return wxError(41001);
  const result = ctx.state.credentials.check(token, ["classic", "stable"]);
  return result.ok ? null : wxError(result.errcode);
}
