/** Time as WeChat counts it: its daily and monthly quotas reset at 00:00 Beijing time (UTC+8). */

/** The Beijing calendar day of a timestamp, "2025-06-01". */
export function beijingDay(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}
