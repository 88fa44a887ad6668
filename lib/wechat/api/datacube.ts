/**
 * Statistics (数据统计): follower, article, message and API-call figures per
 * day or hour. Every endpoint takes a date range whose longest span differs
 * per endpoint and whose end is at the latest yesterday (Beijing time);
 * WeChat answers 61501 otherwise, so the range is checked before the call.
 */
import type { WeChatApiCaller } from "../api-client";
import { WeChatValidationError } from "../errors";
import type { DatacubeMetric, DatacubeRows, DateRange } from "./datacube-types";

const DOCS = "https://developers.weixin.qq.com/doc/offiaccount/Analytics";
const USER = `${DOCS}/User_Analysis_Data_Interface.html`;
const ARTICLE = `${DOCS}/Graphic_Analysis_Data_Interface.html`;
const MESSAGE = `${DOCS}/Message_analysis_data_interface.html`;
const API = `${DOCS}/Analytics_API.html`;

/** The longest range (in days, both ends included) each endpoint accepts, and its doc page. */
export const DATACUBE_MAX_DAYS: Readonly<Record<DatacubeMetric, { days: number; doc: string }>> = {
  getusersummary: { days: 7, doc: USER },
  getusercumulate: { days: 7, doc: USER },
  getarticlesummary: { days: 1, doc: ARTICLE },
  getarticletotal: { days: 1, doc: ARTICLE },
  getuserread: { days: 3, doc: ARTICLE },
  getuserreadhour: { days: 1, doc: ARTICLE },
  getusershare: { days: 7, doc: ARTICLE },
  getusersharehour: { days: 1, doc: ARTICLE },
  getupstreammsg: { days: 7, doc: MESSAGE },
  getupstreammsghour: { days: 1, doc: MESSAGE },
  getupstreammsgweek: { days: 30, doc: MESSAGE },
  getupstreammsgmonth: { days: 30, doc: MESSAGE },
  getupstreammsgdist: { days: 15, doc: MESSAGE },
  getupstreammsgdistweek: { days: 30, doc: MESSAGE },
  getupstreammsgdistmonth: { days: 30, doc: MESSAGE },
  getinterfacesummary: { days: 30, doc: API },
  getinterfacesummaryhour: { days: 1, doc: API },
};

const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** Days since the epoch of a YYYY-MM-DD that names a real calendar day, else null. */
function dayNumber(date: string): number | null {
  if (typeof date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return null;
  return ms / DAY_MS;
}

/**
 * Throws WeChatValidationError unless `range` suits `metric`: both dates
 * YYYY-MM-DD, begin ≤ end, at most the endpoint's span, end before today in
 * Beijing (WeChat's statistics are complete only for past days).
 */
export function validateDateRange(metric: DatacubeMetric, range: DateRange, now: number): void {
  const limit = DATACUBE_MAX_DAYS[metric];
  if (!limit) throw new WeChatValidationError("metric", `unknown datacube endpoint ${String(metric)}`);
  const begin = dayNumber(range.beginDate);
  const end = dayNumber(range.endDate);
  if (begin === null) throw new WeChatValidationError("begin_date", "开始日期格式为 yyyy-MM-dd (begin_date is YYYY-MM-DD)");
  if (end === null) throw new WeChatValidationError("end_date", "结束日期格式为 yyyy-MM-dd (end_date is YYYY-MM-DD)");
  if (begin > end) throw new WeChatValidationError("begin_date", "开始日期不能晚于结束日期 (begin_date ≤ end_date)");
  if (end - begin + 1 > limit.days) {
    throw new WeChatValidationError("end_date", `最大时间跨度${limit.days}天 (${metric} spans at most ${limit.days} days)`);
  }
  const today = Math.floor((now + BEIJING_OFFSET_MS) / DAY_MS);
  if (end >= today) throw new WeChatValidationError("end_date", "end_date 允许设置的最大值为昨日 (end_date is at the latest yesterday)");
}

/**
 * Rows of one statistics endpoint over `range`, typed per endpoint.
 * `now` (ms) decides what "yesterday" is; inject a clock in tests.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Analytics/User_Analysis_Data_Interface.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Analytics/Graphic_Analysis_Data_Interface.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Analytics/Message_analysis_data_interface.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Analytics/Analytics_API.html
 */
export async function getDatacube<M extends DatacubeMetric>(
  client: WeChatApiCaller,
  metric: M,
  range: DateRange,
  now: () => number = Date.now,
): Promise<DatacubeRows[M][]> {
  validateDateRange(metric, range, now());
  const res = await client.call<{ list?: DatacubeRows[M][] }>({
    method: "POST",
    path: `/datacube/${metric}`,
    body: { begin_date: range.beginDate, end_date: range.endDate },
    // A read: repeating it after a timeout is harmless.
    idempotent: true,
  });
  return Array.isArray(res.list) ? res.list : [];
}
