/**
 * datacube/*: statistics with deterministic, plausible figures (the same
 * date gives the same numbers on every run). Dates must be yyyy-MM-dd
 * (61500 otherwise); begin ≤ end, within the endpoint's span and before
 * today in Beijing (61501 otherwise).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Analytics/User_Analysis_Data_Interface.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Analytics/Graphic_Analysis_Data_Interface.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Analytics/Message_analysis_data_interface.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Analytics/Analytics_API.html
 */
import { createHash } from "node:crypto";
import { accessToken, fail, routesFor, type AccountContext, type JsonObject } from "../core/api-route";
import { beijingDay } from "../core/clock";
import type { JsonResult, SimGroup } from "../core/router";

/** Longest span in days per endpoint (both ends included). */
export const SPANS: Record<string, number> = {
  getusersummary: 7, getusercumulate: 7,
  getarticlesummary: 1, getarticletotal: 1, getuserread: 3, getuserreadhour: 1, getusershare: 7, getusersharehour: 1,
  getupstreammsg: 7, getupstreammsghour: 1, getupstreammsgweek: 30, getupstreammsgmonth: 30,
  getupstreammsgdist: 15, getupstreammsgdistweek: 30, getupstreammsgdistmonth: 30,
  getinterfacesummary: 30, getinterfacesummaryhour: 1,
};

const DAY_MS = 86_400_000;

function day(date: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date ? null : ms / DAY_MS;
}

/** A number in [min, max] fixed by the seed. */
function n(seed: string, min: number, max: number): number {
  return min + (createHash("sha1").update(seed).digest().readUInt32BE(0) % (max - min + 1));
}

const READ = (s: string): Record<string, number> => {
  const readUser = n(`${s}:ru`, 50, 500);
  const shareUser = n(`${s}:su`, 0, Math.floor(readUser / 5));
  const favUser = n(`${s}:fu`, 0, Math.floor(readUser / 10));
  return {
    int_page_read_user: readUser, int_page_read_count: readUser + n(`${s}:rc`, 0, readUser),
    ori_page_read_user: Math.floor(readUser / 10), ori_page_read_count: Math.floor(readUser / 8),
    share_user: shareUser, share_count: shareUser + n(`${s}:sc`, 0, 5), add_to_fav_user: favUser, add_to_fav_count: favUser,
  };
};

/** Rows of one endpoint for one day. */
function rowsFor(metric: string, date: string): Record<string, unknown>[] {
  const hours = metric.endsWith("hour") ? [9, 12, 20].map((h) => h * 100) : [undefined];
  const at = (extra: Record<string, unknown>, h?: number): Record<string, unknown> => ({ ref_date: date, ...(h === undefined ? {} : { ref_hour: h }), ...extra });
  const base = metric.replace(/(hour|week|month)$/, "");
  return hours.flatMap((h) => {
    const s = `${metric}:${date}:${h ?? ""}`;
    switch (base) {
      case "getusersummary": return [0, 1, 30].map((src) => at({ user_source: src, new_user: n(`${s}:${src}:n`, 0, 40), cancel_user: n(`${s}:${src}:c`, 0, 8) }));
      case "getusercumulate": return [at({ cumulate_user: 250 + n(`cumulate:${date}`, 0, 20) })];
      case "getarticlesummary": return [at({ msgid: "1000000001_1", title: "模拟文章", ...READ(s) })];
      case "getarticletotal": return [at({ msgid: "1000000001_1", title: "模拟文章", details: [{ stat_date: date, target_user: 250, ...READ(s) }] })];
      case "getuserread": return [at({ ...READ(s) }, h)].map((r) => (h === undefined ? r : { ...r, user_source: 0 }));
      case "getusershare": return [1, 2].map((scene) => at({ share_scene: scene, share_count: n(`${s}:${scene}:c`, 1, 30), share_user: n(`${s}:${scene}:u`, 1, 20) }, h));
      case "getupstreammsg": return [at({ msg_type: 1, msg_user: n(`${s}:u`, 1, 60), msg_count: n(`${s}:c`, 60, 120) }, h)];
      case "getupstreammsgdist": return [0, 1, 2, 3].map((interval) => at({ count_interval: interval, msg_user: n(`${s}:${interval}`, 0, 50) }));
      case "getinterfacesummary": {
        const calls = n(`${s}:calls`, 100, 1000);
        return [at({ callback_count: calls, fail_count: n(`${s}:f`, 0, 5), total_time_cost: calls * n(`${s}:t`, 20, 80), max_time_cost: n(`${s}:m`, 200, 1500) }, h)];
      }
      default: return [];
    }
  });
}

const text = (v: unknown): string => (typeof v === "string" ? v : "");

function statistics(ctx: AccountContext, body: JsonObject, metric: string, span: number): JsonResult {
  const begin = day(text(body.begin_date));
  const end = day(text(body.end_date));
  if (begin === null || end === null) return fail(61500);
  const today = day(beijingDay(ctx.account.now())) as number;
  if (begin > end || end - begin + 1 > span || end >= today) return fail(61501);
  const dates: string[] = [];
  // Week and month figures come as one row per range; daily and hourly ones per day.
  const perRange = /(week|month)$/.test(metric);
  for (let d = begin; d <= (perRange ? begin : end); d++) dates.push(new Date(d * DAY_MS).toISOString().slice(0, 10));
  return { json: { list: dates.flatMap((date) => rowsFor(metric, date)) } };
}

const route = routesFor(accessToken);

export const datacube: SimGroup = {
  name: "datacube",
  routes: Object.entries(SPANS).map(([metric, span]) => route.post(`/datacube/${metric}`, (ctx, body) => statistics(ctx, body, metric, span))),
};
