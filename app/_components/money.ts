/**
 * Money on the pages. Amounts travel as integers in fen (分) everywhere (WeChat Pay's unit);
 * people read and type yuan. Pure: used by the shop and the console's 订单 screen.
 */

/** 1990 → "¥19.90"; -5 → "-¥0.05". */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}¥${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * What someone typed as yuan ("19.9", "¥0.01", " 68 ") → fen, or null when it is not an amount
 * (more than two decimals, a sign, letters, too large). Parsed as text, never through floats,
 * so "0.29" is 29 fen and not 28.999….
 */
export function parseYuan(input: string): number | null {
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(input.trim().replace(/^[¥￥]\s*/, ""));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** `fen` for the refund form: "19.90" (no currency sign), for an input's value. */
export const yuanInput = (fen: number): string => formatYuan(fen).replace("¥", "");
