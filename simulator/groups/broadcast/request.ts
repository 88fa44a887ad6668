/**
 * Small helpers shared by the draft, publishing, mass-sending and datacube
 * routes: the JSON body, and WeChat's errmsg texts for their errcodes.
 */
import { parseJson } from "./http-utils";
import { accessTokenError, type RouteContext } from "./router";
import { wxError, type WxError } from "./wechat-errors";

/** errmsg texts of the codes these groups use that wechat-errors.ts does not list. */
const TEXTS: Record<number, string> = {
  45002: "content size out of limit",
  45003: "title size out of limit",
  45004: "description size out of limit",
  45005: "url size out of limit",
  45008: "article size out of limit",
  45028: "has no masssend quota",
  45065: "clientmsgid exist",
  45067: "clientmsgid size out of limit",
  45083: "speed out of range",
  45084: "No speed message",
  45110: "author size out of limit",
  40130: "invalid openid list size, at least two openid",
  53600: "Article ID invalid",
  61500: "date format error",
  61501: "date range error",
};

export function err(code: number): WxError {
  return wxError(code, TEXTS[code]);
}

export type BodyResult = { body: Record<string, unknown>; error?: undefined } | { error: WxError };

/**
 * The access_token check, then the JSON object body: 44002 when empty,
 * 47001 when not a JSON object.
 */
export async function authorizedBody(ctx: RouteContext, allowEmpty = false): Promise<BodyResult> {
  const denied = accessTokenError(ctx);
  if (denied) return { error: denied };
  const text = await ctx.body();
  if (text.trim() === "") return allowEmpty ? { body: {} } : { error: err(44002) };
  const body = parseJson(text);
  return body && typeof body === "object" && !Array.isArray(body) ? { body: body as Record<string, unknown> } : { error: err(47001) };
}

export const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

/** offset ≥ 0 and count 1..20, as draft/batchget and freepublish/batchget require. */
export function page(body: Record<string, unknown>): { offset: number; count: number; noContent: boolean } | null {
  const offset = Number(body.offset ?? 0);
  const count = Number(body.count);
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(count) || count < 1 || count > 20) return null;
  return { offset, count, noContent: Number(body.no_content) === 1 };
}
