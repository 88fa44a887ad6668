/**
 * Reading the open platform's JSON answers: a body of the wrong shape is reported like one
 * that is not JSON (WeChatHttpError), so callers have one failure to handle.
 */
import { WeChatHttpError } from "../errors";

export type Json = Record<string, unknown>;

export function malformed(endpoint: string, detail: string): WeChatHttpError {
  return new WeChatHttpError(200, endpoint, { cause: new Error(`unexpected response shape: ${detail}`) });
}

export function asObject(raw: unknown, endpoint: string, what = "body"): Json {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw malformed(endpoint, `${what} is not an object`);
  return raw as Json;
}

export function requireString(body: Json, key: string, endpoint: string): string {
  const value = body[key];
  if (typeof value !== "string" || value.length === 0) throw malformed(endpoint, `missing ${key}`);
  return value;
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** A positive number of seconds, or `fallback`. */
export function seconds(value: unknown, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** The permission-set ids of a `func_info` list: `[{ funcscope_category: { id } }, …]`. */
export function funcInfoIds(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  const ids: number[] = [];
  for (const item of value) {
    const id = (item as { funcscope_category?: { id?: unknown } } | null)?.funcscope_category?.id;
    if (typeof id === "number" && Number.isSafeInteger(id)) ids.push(id);
  }
  return ids;
}
