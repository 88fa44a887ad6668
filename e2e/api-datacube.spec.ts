/**
 * Statistics against the running simulator over real HTTP. The app exposes
 * no statistics route and WeChat pushes nothing for them, so this path
 * checks the library and the simulator together, not the app.
 */
import { expect, test } from "@playwright/test";
import { getDatacube } from "@wxmp/wechat/api/datacube";
import { WeChatValidationError } from "@wxmp/wechat/errors";
import { simulatorCaller } from "./support/broadcast";

const beijingDay = (offsetDays: number): string => new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

test("a week of follower figures ending yesterday; an eight-day range is refused before the call", async () => {
  const client = simulatorCaller();
  const rows = await getDatacube(client, "getusersummary", { beginDate: beijingDay(-7), endDate: beijingDay(-1) });
  expect(new Set(rows.map((r) => r.ref_date)).size).toBe(7);
  for (const row of rows) expect(row).toMatchObject({ user_source: expect.any(Number), new_user: expect.any(Number), cancel_user: expect.any(Number) });
  const cumulative = await getDatacube(client, "getusercumulate", { beginDate: beijingDay(-1), endDate: beijingDay(-1) });
  expect(cumulative[0]?.cumulate_user).toBeGreaterThan(0);
  await expect(getDatacube(client, "getusersummary", { beginDate: beijingDay(-8), endDate: beijingDay(-1) })).rejects.toBeInstanceOf(WeChatValidationError);
});
