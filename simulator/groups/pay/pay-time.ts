/** WeChat Pay's times: RFC 3339 in Beijing time (`2018-06-08T10:34:56+08:00`). */

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** `2018-06-08T10:34:56+08:00` for a moment. */
export function beijingTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000 + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds for an RFC 3339 time with an offset (as time_expire must be), or null. */
export function parseRfc3339(text: string): number | null {
  if (!RFC3339.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}
