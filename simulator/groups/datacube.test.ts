import { describe, expect, it } from "vitest";
import { SPANS } from "./datacube";
import { manualClock, postJson, sharedSimulator } from "../testing/test-support";

// 2025-06-01 04:00 UTC = 12:00 in Beijing: yesterday is 2025-05-31.
const clock = manualClock(Date.UTC(2025, 5, 1, 4, 0, 0));

const t = sharedSimulator({ clock: clock.now });

const cube = (metric: string, begin_date: string, end_date: string): Promise<Record<string, unknown>> =>
  postJson(`${t.sim.url}/datacube/${metric}?access_token=${t.token}`, { begin_date, end_date });
const minus = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

describe("datacube", () => {
  it.each(Object.entries(SPANS))("%s answers its full span (%i days) and refuses one more with 61501", async (metric, span) => {
    const ok = await cube(metric, minus("2025-05-31", span - 1), "2025-05-31");
    expect(Array.isArray(ok.list)).toBe(true);
    expect((ok.list as unknown[]).length).toBeGreaterThan(0);
    expect(await cube(metric, minus("2025-05-31", span), "2025-05-31")).toMatchObject({ errcode: 61501 });
  });

  it("refuses today, reversed ranges and bad dates", async () => {
    expect(await cube("getusersummary", "2025-06-01", "2025-06-01")).toMatchObject({ errcode: 61501 });
    expect(await cube("getusersummary", "2025-05-30", "2025-05-29")).toMatchObject({ errcode: 61501 });
    expect(await cube("getusersummary", "2025/05/01", "2025-05-02")).toMatchObject({ errcode: 61500 });
    expect(await postJson(`${t.sim.url}/datacube/getusersummary?access_token=nope`, {})).toMatchObject({ errcode: 40001 });
  });

  it("gives the same figures for the same day, with the documented fields", async () => {
    const a = await cube("getusersummary", "2025-05-25", "2025-05-31");
    const b = await cube("getusersummary", "2025-05-25", "2025-05-31");
    expect(a).toEqual(b);
    expect((a.list as unknown[])[0]).toEqual({ ref_date: "2025-05-25", user_source: 0, new_user: expect.any(Number), cancel_user: expect.any(Number) });
    const hour = await cube("getinterfacesummaryhour", "2025-05-31", "2025-05-31");
    expect((hour.list as Record<string, unknown>[])[0]).toMatchObject({ ref_date: "2025-05-31", ref_hour: expect.any(Number), callback_count: expect.any(Number) });
  });
});
