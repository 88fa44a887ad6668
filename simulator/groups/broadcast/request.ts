/** Reading the fields the draft, publishing and mass-sending routes share. */
import type { JsonObject } from "../../core/api-route";

/** A string field as WeChat reads it: numbers as their decimal text, anything else as "". */
export const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

/** offset ≥ 0 and count 1..20, as draft/batchget and freepublish/batchget require. */
export function page(body: JsonObject): { offset: number; count: number; noContent: boolean } | null {
  const offset = Number(body.offset ?? 0);
  const count = Number(body.count);
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(count) || count < 1 || count > 20) return null;
  return { offset, count, noContent: Number(body.no_content) === 1 };
}
