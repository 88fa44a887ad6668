import { describe, expect, it } from "vitest";
import { WeChatValidationError } from "../errors";
import { createHarness, rejectionOf, tokenReply, tokenValue } from "../../../test/support/wechat-fixtures";
import { DATACUBE_MAX_DAYS, getDatacube, validateDateRange } from "./datacube";
import type { DatacubeMetric } from "./datacube-types";

// 2025-06-10 01:00 in Beijing is still 2025-06-09 in UTC: "yesterday" must be Beijing's 2025-06-09.
const NOW = Date.parse("2025-06-09T17:00:00Z");
const now = (): number => NOW;

const addDays = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe("getDatacube", () => {
  it("POSTs begin_date/end_date to /datacube/<metric> and returns list", async () => {
    const h = createHarness();
    const rows = [{ ref_date: "2025-06-03", user_source: 0, new_user: 5, cancel_user: 1 }];
    h.fake
      .on({ path: "/cgi-bin/token", reply: tokenReply(1) })
      .on({ method: "POST", path: "/datacube/getusersummary", query: { access_token: tokenValue(1) }, reply: { json: { list: rows } } });
    const got = await getDatacube(h.client(), "getusersummary", { beginDate: "2025-06-03", endDate: "2025-06-09" }, now);
    expect(got).toEqual(rows);
    expect(h.fake.calls[1]?.body).toEqual({ begin_date: "2025-06-03", end_date: "2025-06-09" });
  });

  it("after 40001 refreshes once and retries", async () => {
    const h = createHarness();
    h.fake
      .on({ path: "/cgi-bin/token", reply: tokenReply(1) })
      .on({ method: "POST", path: "/datacube/getinterfacesummary", reply: { json: { errcode: 40001, errmsg: "invalid credential" } } })
      .on({ path: "/cgi-bin/token", reply: tokenReply(2) })
      .on({ method: "POST", path: "/datacube/getinterfacesummary", query: { access_token: tokenValue(2) }, reply: { json: { list: [] } } });
    expect(await getDatacube(h.client(), "getinterfacesummary", { beginDate: "2025-06-01", endDate: "2025-06-01" }, now)).toEqual([]);
  });

  it("61501 from WeChat surfaces as WeChatApiError", async () => {
    const h = createHarness();
    h.fake.on({ path: "/cgi-bin/token", reply: tokenReply(1) }).on({ method: "POST", path: "/datacube/getuserread", reply: { json: { errcode: 61501, errmsg: "date range error" } } });
    expect(await rejectionOf(getDatacube(h.client(), "getuserread", { beginDate: "2025-06-08", endDate: "2025-06-09" }, now))).toMatchObject({ errcode: 61501 });
  });
});

describe("validateDateRange", () => {
  it.each(Object.entries(DATACUBE_MAX_DAYS) as [DatacubeMetric, { days: number }][])("%s accepts %o days ending yesterday and refuses one more", (metric, { days }) => {
    const end = "2025-06-09";
    expect(() => validateDateRange(metric, { beginDate: addDays(end, -(days - 1)), endDate: end }, NOW)).not.toThrow();
    expect(() => validateDateRange(metric, { beginDate: addDays(end, -days), endDate: end }, NOW)).toThrow(WeChatValidationError);
  });

  it("has the documented spans", () => {
    const spans = Object.fromEntries(Object.entries(DATACUBE_MAX_DAYS).map(([k, v]) => [k, v.days]));
    expect(spans).toMatchObject({ getusersummary: 7, getusercumulate: 7, getarticlesummary: 1, getarticletotal: 1, getuserread: 3, getuserreadhour: 1, getusershare: 7, getusersharehour: 1, getupstreammsg: 7, getupstreammsghour: 1, getupstreammsgweek: 30, getupstreammsgmonth: 30, getupstreammsgdist: 15, getinterfacesummary: 30, getinterfacesummaryhour: 1 });
  });

  it.each<[string, string, string, string]>([
    ["today in Beijing", "2025-06-10", "2025-06-10", "end_date"],
    ["begin after end", "2025-06-05", "2025-06-04", "begin_date"],
    ["a slash date", "2025/06/01", "2025-06-01", "begin_date"],
    ["February 30th", "2025-02-28", "2025-02-30", "end_date"],
    ["no date", "", "2025-06-01", "begin_date"],
  ])("refuses %s", (_name, beginDate, endDate, field) => {
    let error: unknown;
    try {
      validateDateRange("getusersummary", { beginDate, endDate }, NOW);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WeChatValidationError);
    expect(error).toMatchObject({ field });
  });

  it("refuses before calling", async () => {
    const h = createHarness();
    expect(await rejectionOf(getDatacube(h.client(), "getusercumulate", { beginDate: "2025-06-01", endDate: "2025-06-08" }, now))).toBeInstanceOf(WeChatValidationError);
    expect(h.fake.calls).toHaveLength(0);
  });
});
