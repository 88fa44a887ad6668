/** Request helpers shared by the template and subscribe routes. */
import { parseJson } from "./http-utils";
import { accessTokenError, type JsonResult, type RouteContext } from "./router";
import { wxError } from "./wechat-errors";

/** The JSON object body, or WeChat's errcode for an empty (44002) or malformed (47001) one. */
export async function jsonObject(ctx: RouteContext): Promise<Record<string, unknown> | number> {
  const text = await ctx.body();
  if (text.trim() === "") return 44002;
  const body = parseJson(text);
  return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : 47001;
}

export const isText = (value: unknown): value is string => typeof value === "string" && value.trim() !== "";
export const isWebUrl = (value: unknown): boolean => typeof value === "string" && /^https?:\/\/\S+$/i.test(value);
/** Characters as WeChat counts them (an emoji or 汉字 is one). */
export const chars = (text: string): number => [...text].length;

/** A numeric message id that JSON numbers carry exactly. */
export function newNumericMsgId(): string {
  return String(1_000_000_000 + Math.floor(Math.random() * 8_000_000_000));
}

/** Every template / subscribe handler starts here: the access_token, then (for POST) the JSON body. */
export async function begin(ctx: RouteContext, post: boolean): Promise<{ body: Record<string, unknown> } | { error: JsonResult }> {
  const error = accessTokenError(ctx);
  if (error) return { error: { json: error } };
  if (!post) return { body: {} };
  const body = await jsonObject(ctx);
  return typeof body === "number" ? { error: { json: wxError(body) } } : { body };
}
