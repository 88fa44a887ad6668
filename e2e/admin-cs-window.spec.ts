/**
 * Issue 24, item 2: a follower who scanned a code may get 3 customer-service messages within a
 * minute (45047 after that), not "48 hours". The webhook records the scan; the console shows the
 * live window ("还可发 3 条，剩 … 秒"), counts it down with each send, and explains the refusal
 * as the spent allowance, not as the 48-hour window.
 */
import { expect, test } from "@playwright/test";
import { appCall } from "./support/app-api";
import { expectAccessible, newConsolePage, signInAt } from "./support/console-page";
import { followerOpenids, sim } from "./support/sim-control";

test("after a scan: 3 messages in the minute, counted down on the page, the 4th refused as 45047", async ({ browser }) => {
  const openid = (await followerOpenids())[41] as string;
  const pushed = await sim.push({ mode: "safe", message: { type: "SCAN", from: openid, scene: "7" } });
  expect(pushed.delivered).toBe(true);
  // The recorder writes in a batch a moment after the reply.
  await expect.poll(async () => (await appCall<{ window: { state: string } }>(`/api/admin/messages/window?openid=${openid}`)).json.window?.state, { timeout: 5000 }).toBe("open");

  const page = await newConsolePage(browser, "phone");
  await signInAt(page, "/admin");
  await page.getByTestId("cs-openid").fill(openid);
  const window = page.getByTestId("cs-window");
  await expect(window).toContainText(/还可发 3 条，剩 \d+ 秒/);
  await expect(window).toContainText("1 分钟内最多 3 条");
  for (const left of [2, 1]) {
    await page.getByTestId("cs-content").fill(`第 ${3 - left} 条`);
    await page.getByTestId("cs-send").click();
    await expect(page.getByTestId("cs-result")).toContainText("已发送");
    await expect(window).toContainText(`还可发 ${left} 条`);
  }
  await page.getByTestId("cs-content").fill("第 3 条");
  await page.getByTestId("cs-send").click();
  await expect(page.getByTestId("cs-result")).toContainText("已发送");
  await expect(window).toContainText("额度已用完");

  await page.getByTestId("cs-content").fill("第 4 条");
  await page.getByTestId("cs-send").click();
  const result = page.getByTestId("cs-result");
  await expect(result).toContainText("45047");
  await expect(result).toContainText("额度已用完");
  await expect(result).not.toContainText("超过 48 小时");
  await expectAccessible(page, "/admin with the customer-service window");
  await page.context().close();
});

test("the window route: 400 for a bad openid, unknown for a follower never seen, 401 signed out", async () => {
  expect((await appCall("/api/admin/messages/window?openid=bad%20id")).status).toBe(400);
  const unseen = await appCall<{ window: { state: string } }>("/api/admin/messages/window?openid=oNeverSeen000000000000000000");
  expect(unseen.status).toBe(200);
  expect(unseen.json.window).toEqual({ state: "unknown" });
  expect((await appCall("/api/admin/messages/window?openid=oX", { auth: null })).status).toBe(401);
});
