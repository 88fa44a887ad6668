/**
 * Custom menu through the app: PUT/GET/DELETE /api/admin/menu against the
 * simulator, an invalid menu refused with the path of its first problem
 * before any WeChat call, and a tap on the menu in the simulated chat
 * delivered to the app's webhook.
 */
import { expect, test } from "@playwright/test";
import { expectCleanError } from "./support/app-api";
import { admin, simPush } from "./support/admin-fetch";
import { followerOpenids, sim } from "./support/sim-control";
import { simulatorUrl } from "./e2e-env";

const menu = {
  button: [
    { type: "click", name: "今日推荐", key: "E2E_TODAY" },
    { name: "更多", sub_button: [{ type: "view", name: "官网", url: "https://example.com/" }, { type: "pic_weixin", name: "发图", key: "E2E_PIC" }] },
  ],
};

test("menu: invalid → 400 without a WeChat call; PUT, GET back, tap in the chat, DELETE", async () => {
  await admin("DELETE", "/api/admin/menu");
  const lastId = (await sim.apiLog()).at(-1)?.id ?? 0;

  const tooMany = { button: [menu.button[0], { name: "更多", sub_button: Array(6).fill({ type: "click", name: "x", key: "k" }) }] };
  const refused = await admin("PUT", "/api/admin/menu", tooMany);
  expect(refused.status).toBe(400);
  expect(refused.json).toMatchObject({ error: "invalid_menu", path: "button[1].sub_button" });
  expectCleanError(refused.text);
  const badUrl = await admin("PUT", "/api/admin/menu", { button: [{ type: "view", name: "a", url: "javascript:alert(1)" }] });
  expect(badUrl.json).toMatchObject({ error: "invalid_menu", path: "button[0].url" });
  expect((await sim.apiLog(lastId)).filter((e) => e.endpoint === "cgi-bin/menu/create")).toHaveLength(0);

  expect(await admin("PUT", "/api/admin/menu", menu)).toMatchObject({ status: 200, json: { ok: true } });
  const got = await admin("GET", "/api/admin/menu");
  expect(got.status).toBe(200);
  expect(got.json).toEqual({ menu: { button: menu.button }, conditional: [] });

  const [openid] = await followerOpenids();
  const click = await simPush("/__sim/menu/tap", { openid, path: "button[0]" });
  expect(click.delivered).toBe(true);
  expect(click.requestXml).toContain("<Event><![CDATA[CLICK]]></Event>");
  expect(click.requestXml).toContain("<EventKey><![CDATA[E2E_TODAY]]></EventKey>");
  const view = await simPush("/__sim/menu/tap", { openid, path: "button[1].sub_button[0]" });
  expect(view.delivered).toBe(true);
  expect(view.requestXml).toContain("<EventKey><![CDATA[https://example.com/]]></EventKey>");

  expect((await admin("DELETE", "/api/admin/menu")).status).toBe(200);
  expect((await admin("GET", "/api/admin/menu")).json).toEqual({ menu: null, conditional: [] });
});

test("menu: the simulator's chat shows the menu at the bottom; tapping a sub-button delivers its event to the app", async ({ page }) => {
  expect((await admin("PUT", "/api/admin/menu", menu)).status).toBe(200);
  await page.goto(`${simulatorUrl}/`);
  const bar = page.getByTestId("menu-bar");
  await expect(bar.getByTestId("menu-button")).toHaveCount(4);
  await bar.locator('[data-path="button[1]"]').click();
  await bar.locator('[data-path="button[1].sub_button[1]"]').click();
  await expect(page.getByTestId("push-status")).toContainText("已送达：pic_weixin");
  await bar.locator('[data-path="button[0]"]').click();
  await expect(page.getByTestId("push-status")).toContainText("已送达：CLICK");
  await admin("DELETE", "/api/admin/menu");
  await expect(bar.getByTestId("menu-button")).toHaveCount(0, { timeout: 5000 });
});
