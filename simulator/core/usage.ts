/**
 * API calls per endpoint on the current Beijing day, counted by the server for every WeChat API
 * route: what cgi-bin/openapi/quota/get reports and cgi-bin/clear_quota resets.
 * @see https://developers.weixin.qq.com/doc/offiaccount/openApi/get_api_quota.html
 */
import { beijingDay } from "./clock";

export class ApiUsage {
  /** Only the current day is kept. */
  private day = "";
  private today: Record<string, number> = {};

  /** Counts one call of `endpoint`. */
  count(endpoint: string, now: number): void {
    this.roll(now);
    this.today[endpoint] = (this.today[endpoint] ?? 0) + 1;
  }

  /** Calls of `endpoint` today (Beijing time), since the last clear. */
  used(endpoint: string, now: number): number {
    this.roll(now);
    return this.today[endpoint] ?? 0;
  }

  /** clear_quota: every count back to zero. */
  clear(): void {
    this.today = {};
  }

  private roll(now: number): void {
    const day = beijingDay(now);
    if (day !== this.day) {
      this.day = day;
      this.today = {};
    }
  }
}
