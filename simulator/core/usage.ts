/**
 * Operations state: daily API limits, the counts clear_quota resets, and its
 * own monthly budget (10 resets per calendar month, Beijing time).
 * @see https://developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html
 */

/** Resets an account may do per month (the platform's and the API's together). */
export const CLEAR_QUOTA_PER_MONTH = 10;

/** Daily limits the simulator reports (WeChat's figures for a small account); other known APIs get DEFAULT_DAILY_LIMIT. */
export const DAILY_LIMITS: Record<string, number> = {
  "cgi-bin/token": 2000,
  "cgi-bin/user/get": 500,
  "cgi-bin/user/info": 5_000_000,
  "cgi-bin/user/info/batchget": 5_000_000,
  "cgi-bin/message/custom/send": 500_000,
  "cgi-bin/menu/create": 1000,
  "cgi-bin/menu/get": 10_000,
  "cgi-bin/qrcode/create": 100_000,
  "cgi-bin/media/upload": 100_000,
  "cgi-bin/message/template/send": 100_000,
  "cgi-bin/getcallbackip": 1000,
  "cgi-bin/get_api_domain_ip": 1000,
  "cgi-bin/callback/check": 1000,
  "cgi-bin/openapi/quota/get": 1000,
  "cgi-bin/openapi/rid/get": 1000,
};
export const DEFAULT_DAILY_LIMIT = 100_000;

/** The Beijing (UTC+8) calendar day, "2025-06-01": WeChat's daily quotas reset at 00:00 there. */
function beijingDate(ms: number): string {
  // state.ts's beijingDay is not imported, keeping the import state.ts → ops-state.ts one-way.
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

export class OpsState {
  /** API calls per endpoint on one Beijing day (only the current day is kept). */
  private day = "";
  private today: Record<string, number> = {};
  /** Successful clear_quota calls per Beijing month ("2025-06"). */
  clearsByMonth = new Map<string, number>();

  /** Counts one call of `endpoint` (every WeChat API route, via SimulatorState.countCall). */
  count(endpoint: string, now: number): void {
    this.roll(now);
    this.today[endpoint] = (this.today[endpoint] ?? 0) + 1;
  }

  /** Calls of `endpoint` today (Beijing time), since the last clear_quota. */
  used(endpoint: string, now: number): number {
    this.roll(now);
    return this.today[endpoint] ?? 0;
  }

  /** clear_quota: every count back to zero. */
  clearCounts(): void {
    this.today = {};
  }

  /** Spends one monthly reset; false when the month's budget is used up (48006). */
  spendClear(now: number): boolean {
    const month = beijingDate(now).slice(0, 7);
    const used = this.clearsByMonth.get(month) ?? 0;
    if (used >= CLEAR_QUOTA_PER_MONTH) return false;
    this.clearsByMonth.set(month, used + 1);
    return true;
  }

  private roll(now: number): void {
    const day = beijingDate(now);
    if (day !== this.day) {
      this.day = day;
      this.today = {};
    }
  }
}
