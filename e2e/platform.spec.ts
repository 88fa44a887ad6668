/**
 * Third-party platform mode (issue 26 part 2, docs/open-platform.md), end to end in the app as
 * the demo runs it: the simulator plays the open platform, the app's 授权事件接收URL keeps the
 * ticket, and on the console's 账号 screen the operator authorizes a second simulated 公众号
 * (the simulator's authorization page, back through the state-checked callback). That account
 * is then chatted with in the simulator (its pushes reach /api/wechat/{appid}, sealed with the
 * platform's key, and are answered), given a menu from the console's API, and passes WeChat's
 * 全网发布 release test. The card is shot at 360 and 1280 and checked with axe. Then it is paid
 * through: the merchant binds its AppID (关联AppID, as the demo does), a follower of it signs in
 * with its OAuth, buys on /shop and pays on the pay sheet; the text reaches its chat once and the
 * console lists the order under it.
 */
import { expect, test, type Page } from "@playwright/test";
import { appUrl, E2E, E2E_PLATFORM, simulatorUrl } from "./e2e-env";
import { appCall, expectCleanError } from "./support/app-api";
import { expectAccessible, newConsolePage, shoot, signInAt } from "./support/console-page";
import { newWeChatContext } from "./support/browser";
import { pollUntil } from "./support/sim-control";
import { simPay } from "./support/sim-pay";

const B = E2E_PLATFORM.second.appId;

type PlatformStatus = {
  componentAppId: string;
  ticket: { present: boolean; fresh?: boolean };
  token: { valid: boolean };
  accounts: Array<{ appId: string; status: string; funcInfo: Array<{ id: number; name: string }> }>;
};

async function expectNoSideScroll(page: Page, width: number): Promise<void> {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), { message: `horizontal scroll at ${width} px` }).toBeLessThanOrEqual(width);
}

test.describe.serial("a second 公众号 authorized to the platform from the console", () => {
  test("the platform's status: the ticket pushed to the event URL is kept; no secret is shown; admin only", async () => {
    expect((await fetch(`${simulatorUrl}/__sim/component/ticket`, { method: "POST" })).ok).toBe(true);
    const status = await pollUntil(
      () => appCall<PlatformStatus>("/api/admin/platform"),
      (answer) => answer.status === 200 && answer.json.ticket.present,
      10_000,
    );
    expect(status.json.componentAppId).toBe(E2E_PLATFORM.componentAppId);
    for (const secret of [E2E_PLATFORM.componentAppSecret, E2E_PLATFORM.encodingAESKey, E2E_PLATFORM.token]) expect(status.text).not.toContain(secret);
    expect((await appCall("/api/admin/platform", { auth: null })).status).toBe(401);
    // The event URL refuses what the platform did not sign.
    const forged = await fetch(`${appUrl()}/api/wechat/component?signature=x&timestamp=1&nonce=n&msg_signature=x`, { method: "POST", body: "<xml/>" });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(forged.status).toBeLessThan(500);
    // A callback this browser did not start is refused before WeChat is asked.
    const callback = await appCall("/api/admin/platform/callback?state=abc&auth_code=x");
    expect(callback.status).toBe(400);
    expectCleanError(callback.text);
  });

  test("the operator authorizes the second 公众号 on the simulator's page and comes back to 账号", async ({ browser }) => {
    const page = await newConsolePage(browser, "desktop");
    await signInAt(page, "/admin/accounts");
    const panel = page.getByTestId("platform-panel");
    await expect(panel).toHaveAttribute("data-state", "ready");
    await expect(page.getByTestId("platform-ticket")).toHaveAttribute("data-state", "fresh");
    await expectAccessible(page, "/admin/accounts (platform card)");
    await shoot(page, "platform-card-1280");

    await page.getByTestId("platform-authorize").click();
    await page.waitForURL(/\/cgi-bin\/componentloginpage/);
    await expect(page.getByTestId("component-platform-name")).toHaveText(E2E_PLATFORM.name);
    await page.locator(`[data-testid="component-account"][data-appid="${B}"]`).click();
    await page.getByTestId("component-authorize").click();

    await page.waitForURL(/\/admin\/accounts\?authorized=/);
    await expect(page.getByTestId("platform-authorized")).toContainText(B);
    const listed = page.locator(`[data-testid="platform-account"][data-appid="${B}"]`);
    await expect(listed).toHaveAttribute("data-status", "authorized");
    await expect(listed.getByTestId("platform-func").first()).toBeVisible();
    // The account is one of the deployment's accounts now (the switcher and the list show it).
    await expect(page.locator(`[data-testid="account-item"][data-appid="${B}"]`)).toBeVisible();
    await expectAccessible(page, "/admin/accounts after authorizing");
    await shoot(page, "platform-authorized-1280");
    await expectNoSideScroll(page, 1280);
    await page.setViewportSize({ width: 360, height: 740 });
    await expectNoSideScroll(page, 360);
    await shoot(page, "platform-authorized-360");
  });

  test("it is chatted with in the simulator: the push reaches /api/wechat/{appid} and is answered", async ({ page }) => {
    await page.goto(`${simulatorUrl}/?appid=${B}`);
    await expect(page.getByTestId("account-title")).toHaveText(E2E_PLATFORM.second.accountName);
    await page.getByTestId("message-input").fill("你好，第二个号");
    await page.getByTestId("send-button").click();
    await expect(page.getByTestId("chat-messages")).toContainText("echo:你好，第二个号");
  });

  test("it is given a menu from the console, with its own authorizer token", async () => {
    const menu = { button: [{ type: "click", name: "第二个号", key: "E2E_SECOND" }] };
    const put = await fetch(`${appUrl()}/api/admin/menu?appid=${B}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${E2E.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify(menu),
    });
    expect(put.status, await put.clone().text()).toBe(200);
    const read = await appCall<{ menu: unknown }>(`/api/admin/menu?appid=${B}`);
    expect(read.json.menu).toEqual(menu);
    // The default account's menu is not this one.
    expect((await appCall<{ menu: unknown }>("/api/admin/menu")).json.menu).not.toEqual(menu);
  });

  test("it is paid through: its follower buys on /shop, the text reaches its chat once, the console lists the order under it", async ({ browser }) => {
    const simPost = (path: string, body: unknown = {}) => fetch(`${simulatorUrl}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const context = await newWeChatContext(browser);
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    // Not bound to the merchant yet: WeChat Pay's explanation, not a 500.
    await page.goto(`/shop?appid=${B}`);
    await page.waitForURL((url) => url.origin === appUrl() && url.pathname === "/shop");
    const me = (await (await page.request.get(`/api/me?appid=${B}`)).json()) as { openid: string };
    expect(me.openid).toBeTruthy();
    expect((await simPost(`/__sim/users/${encodeURIComponent(me.openid)}/active?appid=${B}`)).ok).toBe(true);
    const coffee = page.locator('[data-testid="shop-product"][data-product="coffee"]');
    const unboundBuy = page.waitForResponse((r) => r.url().endsWith("/api/pay/orders") && r.request().method() === "POST");
    await coffee.getByTestId("shop-buy").click();
    expect((await unboundBuy).status()).toBe(502);
    expect(await (await unboundBuy).json()).toMatchObject({ code: "APPID_MCHID_NOT_MATCH" });
    await expect(page.getByTestId("shop-error")).toContainText("尚未关联商户号");
    await expect(page.getByTestId("pay-sheet")).toHaveCount(0);
    await page.setViewportSize({ width: 360, height: 740 });
    await shoot(page, "platform-shop-unbound-360");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 390, height: 844 });

    expect((await simPost("/__sim/pay/appids", { appId: B })).ok).toBe(true);
    await coffee.getByTestId("shop-buy").click();
    await expect(page.getByTestId("pay-sheet")).toBeVisible();
    await page.getByTestId("pay-sheet-confirm").click();
    await page.waitForURL(/\/shop\/orders\/[0-9A-Za-z_\-|*]+\?from=pay$/);
    const outTradeNo = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
    await expect(page.getByTestId("order-status-title")).toHaveText("支付成功");
    await shoot(page, "platform-shop-paid-390");

    // The buyer's text in the SECOND account's chat, exactly once; none in the default account's.
    const chat = await browser.newPage();
    await chat.goto(`${simulatorUrl}/?appid=${B}`);
    await chat.getByTestId("user-select").selectOption(me.openid);
    const customTexts = chat.locator('[data-testid="chat-message"][data-role="custom"]').filter({ hasText: outTradeNo });
    await expect(customTexts).toHaveCount(1);
    const sent = (await (await fetch(`${simulatorUrl}/__sim/custom-messages`)).json()) as { messages: Array<{ touser: string; body: unknown }> };
    expect(sent.messages.filter((m) => JSON.stringify(m.body).includes(outTradeNo)).map((m) => m.touser)).toEqual([me.openid]);
    await chat.close();

    // The console: the order under the second account (the switcher's cookie), not under the default one.
    const listed = await appCall<{ items: Array<{ outTradeNo: string }> }>(`/api/admin/pay/orders?appid=${B}`);
    expect(listed.json.items.map((o) => o.outTradeNo)).toContain(outTradeNo);
    expect((await appCall<{ items: Array<{ outTradeNo: string }> }>("/api/admin/pay/orders")).json.items.map((o) => o.outTradeNo)).not.toContain(outTradeNo);
    const desk = await newConsolePage(browser, "desktop");
    await desk.context().addCookies([{ name: "wxmp_account", value: B, url: appUrl() }]);
    await signInAt(desk, "/admin/orders");
    await expect(desk.locator(`[data-testid="orders-row"][data-order="${outTradeNo}"]`)).toHaveAttribute("data-status", "SUCCESS");

    // Its detail and the daily summary under the second account; with the default account selected it is not found (nor leaked).
    const detailPath = `/api/admin/pay/orders/${encodeURIComponent(outTradeNo)}`;
    const detail = await appCall<{ order: { amount: number; refunded: number; status: string } }>(`${detailPath}?appid=${B}`);
    expect(detail.status).toBe(200);
    const hidden = await appCall(detailPath);
    expect([hidden.status, hidden.json]).toEqual([404, { error: "not_found" }]);
    const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    for (const account of [`appid=${B}`, ""]) {
      // Each account's day in the summary counts what its own list of that day counts.
      const listed = (await appCall<{ total: number }>(`/api/admin/pay/orders?day=${day}&${account}`)).json.total;
      const summary = (await appCall<{ days: Array<{ day: string; orders: number }> }>(`/api/admin/pay/summary?days=1&${account}`)).json.days;
      expect(summary).toEqual([expect.objectContaining({ day, orders: listed })]);
    }
    // Refunded from the console with it selected, partly then the rest; with the default account selected: 404, nothing sent.
    const refundPath = `${detailPath}/refunds`;
    expect((await appCall(refundPath, { method: "POST", body: { amount: 1 } })).status).toBe(404);
    const amount = detail.json.order.amount;
    expect((await appCall(`${refundPath}?appid=${B}`, { method: "POST", body: { amount: 1, reason: "部分退款" } })).status).toBe(202);
    await pollUntil(() => appCall<{ order: { refunded: number } }>(`${detailPath}?appid=${B}`), (a) => a.json.order.refunded === 1, 10_000);
    expect((await appCall(`${refundPath}?appid=${B}`, { method: "POST", body: { amount: amount - 1 } })).status).toBe(202);
    await pollUntil(() => appCall<{ order: { status: string } }>(`${detailPath}?appid=${B}`), (a) => a.json.order.status === "REFUND", 10_000);
    // WeChat Pay saw exactly those two refunds of the order (the default account's 404 sent none).
    expect((await simPay.order(outTradeNo)).refunds?.map((r) => r.amount.refund)).toEqual([1, amount - 1]);
    await context.close();
  });

  test("WeChat's 全网发布 release test passes against the app", async () => {
    const report = (await (await fetch(`${simulatorUrl}/__sim/component/release-test`, { method: "POST", body: "{}" })).json()) as {
      passed: boolean;
      cases: Array<{ name: string; passed: boolean; detail: string }>;
    };
    expect(report.cases.filter((c) => !c.passed)).toEqual([]);
    expect(report.passed).toBe(true);
  });
});
