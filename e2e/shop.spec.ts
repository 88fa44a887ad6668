/**
 * The shop and the console's 订单 screen, end to end (issue 23, "Done when"): Chromium dressed as
 * the WeChat browser on a phone signs in through web authorization → /shop → 购买 → the
 * simulator's pay sheet → 支付 → the order page follows the order to 支付成功; the buyer's
 * customer-service text reaches the simulator's chat exactly once (a replayed notification
 * included); the console lists the order with its timeline; a partial then a full refund end
 * in REFUND, and the order page says 已退款. Also: 取消 on the sheet, the pending order after a
 * reload and 继续支付; signed out in WeChat (sent through authorization) and outside WeChat.
 * Screenshots at 390 px and 1280 px go to E2E_SCREENSHOT_DIR (docs/screenshots/ for the docs).
 */
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { formatYuan } from "../app/_components/money";
import { appUrl, simulatorUrl } from "./e2e-env";
import { admin } from "./support/admin-fetch";
import { newWeChatContext, watchPageProblems, type PageProblems } from "./support/browser";
import { DESKTOP, expectAccessible, screenshot, signInOnScreen, watchConsole } from "./support/console-screen";
import { pollUntil, sim, sleep, textsTo } from "./support/sim-control";
import { simPay } from "./support/sim-pay";

const APP = appUrl();
const PHONE = { width: 390, height: 844 };
const contexts: BrowserContext[] = [];

test.beforeEach(async () => {
  await fetch(`${simulatorUrl}/__sim/reset`, { method: "POST" });
  await simPay.configure({ signtestEvery: 0, mode: "public-key" });
});

test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

/** A phone in WeChat, signed in by opening `path` (the shop sends it through silent authorization). */
async function buyerOn(browser: Browser, path = "/shop"): Promise<{ page: Page; openid: string; problems: PageProblems }> {
  const context = await newWeChatContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  await page.setViewportSize(PHONE);
  const problems = watchPageProblems(page);
  await page.goto(path);
  await page.waitForURL((url) => url.origin === APP && url.pathname === path);
  const me = (await (await page.request.get("/api/me")).json()) as { openid: string };
  expect(me.openid).toBeTruthy();
  // The customer-service text needs the buyer inside WeChat's 48-hour window, as a real buyer who just opened the account's menu is.
  await sim.markActive(me.openid);
  return { page, openid: me.openid, problems };
}

/** An admin signed in on the 订单 screen at `viewport`. */
async function consoleOn(browser: Browser, viewport: { width: number; height: number }, path = "/admin/orders"): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  contexts.push(context);
  const page = await context.newPage();
  const errors = watchConsole(page);
  await signInOnScreen(page, path);
  return { page, errors };
}

const coffee = (page: Page) => page.locator('[data-testid="shop-product"][data-product="coffee"]');

test("signed out: in WeChat /shop goes through web authorization and back; outside WeChat it says to open it in WeChat", async ({ browser }) => {
  const context = await newWeChatContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  const visited: string[] = [];
  page.on("request", (request) => visited.push(request.url()));
  await page.goto("/shop/orders/P20260101000000abcdef");
  // Back on the page asked for, now signed in: returnTo carried through WeChat's authorization.
  await page.waitForURL((url) => url.origin === APP && url.pathname === "/shop/orders/P20260101000000abcdef");
  expect(visited.some((url) => url.startsWith(`${APP}/api/auth/wechat?`) && url.includes("scope=snsapi_base") && url.includes(encodeURIComponent("/shop/orders/P20260101000000abcdef")))).toBe(true);
  expect(visited.some((url) => url.startsWith(`${simulatorUrl}/connect/oauth2/authorize?`))).toBe(true);
  // Someone else's (here: nobody's) order is not shown.
  await expect(page.getByTestId("order-error")).toHaveText("没有找到这笔订单。");
  await page.goto("/shop");
  await expect(coffee(page)).toBeVisible();

  const plain = await newWeChatContext(browser, { wechat: false });
  contexts.push(plain);
  const outside = await plain.newPage();
  await outside.setViewportSize(PHONE);
  const response = await outside.goto("/shop");
  expect(response?.status()).toBe(200);
  expect(new URL(outside.url()).pathname).toBe("/shop");
  await expect(outside.getByTestId("shop-open-in-wechat")).toContainText("请在微信中打开");
  await expect(outside.getByTestId("shop-url")).toHaveText(`${APP}/shop`);
  await expect(outside.getByTestId("shop-product")).toHaveCount(0);
  await expectAccessible(outside, "/shop outside WeChat");
});

test("buy → pay sheet → 支付成功, one text in the chat, the console's order, a partial then a full refund end in REFUND", async ({ browser }) => {
  const { page, openid, problems } = await buyerOn(browser);
  const since = Date.now();
  // Other specs' orders share the database: the console's totals are checked as a difference.
  const paidBefore = (await admin("GET", "/api/admin/pay/orders?status=SUCCESS")).json as { totals: { orders: number; paidAmount: number } };
  await expect(page.getByTestId("shop-product")).toHaveCount(3);
  await expect(coffee(page).getByTestId("shop-product-price")).toHaveText("¥19.90");
  await expectAccessible(page, "/shop at 390 px");
  await screenshot(page, "shop-phone");
  // Nothing wider than the phone: no sideways scrolling at 360 px either.
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.setViewportSize(PHONE);

  await coffee(page).getByTestId("shop-buy").click();
  const sheet = page.getByTestId("pay-sheet");
  await expect(sheet).toBeVisible();
  await expect(page.getByTestId("pay-sheet-amount")).toHaveText("¥19.90");
  await expect(page.getByTestId("pay-sheet-description")).toHaveText("手冲咖啡");
  await page.getByTestId("pay-sheet-confirm").click();

  await page.waitForURL(/\/shop\/orders\/[0-9A-Za-z_\-|*]+\?from=pay$/);
  const outTradeNo = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
  await expect(page.getByTestId("order-status-title")).toHaveText("支付成功");
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "SUCCESS");
  await expect(page.getByTestId("order-amount")).toHaveText("¥19.90");
  await expect(page.getByTestId("order-no")).toHaveText(outTradeNo);
  await expectAccessible(page, "the order page at 390 px");
  await screenshot(page, "shop-order-phone");

  // The buyer's text, exactly once — even when WeChat Pay delivers the notification again.
  const texts = await pollUntil(() => textsTo(openid, since), (t) => t.length > 0, 10_000);
  expect(texts).toEqual([expect.stringContaining("手冲咖啡")]);
  expect(texts[0]).toContain("19.90");
  const delivery = await simPay.waitForNotification((n) => n.outTradeNo === outTradeNo && n.eventType === "TRANSACTION.SUCCESS" && n.status === "delivered");
  await simPay.replay(delivery.id);
  const chatContext = await browser.newContext({ viewport: DESKTOP, locale: "zh-CN" });
  contexts.push(chatContext);
  const chat = await chatContext.newPage();
  await chat.goto(`${simulatorUrl}/`);
  await chat.getByTestId("user-select").selectOption(openid);
  const customTexts = chat.locator('[data-testid="chat-message"][data-role="custom"]').filter({ hasText: outTradeNo });
  await expect(customTexts).toHaveCount(1);
  await sleep(1500); // a second send would have landed by now (the replay was answered before this)
  await expect(customTexts).toHaveCount(1);
  expect(await textsTo(openid, since)).toHaveLength(1);

  // The console: the order in the list, with today's totals, then its timeline.
  const desk = await consoleOn(browser, DESKTOP);
  const row = desk.page.locator(`[data-testid="orders-row"][data-order="${outTradeNo}"]`);
  await expect(row).toHaveAttribute("data-status", "SUCCESS");
  await expect(row).toContainText("手冲咖啡");
  await expect(row).toContainText("已支付");
  await desk.page.locator('[data-testid="orders-status-filter"][data-status="SUCCESS"]').click();
  await expect(desk.page.getByTestId("orders-total-count")).toHaveText(`${paidBefore.totals.orders + 1} 笔`);
  await expect(desk.page.getByTestId("orders-total-paid")).toHaveText(formatYuan(paidBefore.totals.paidAmount + 1990));
  await expect(desk.page).toHaveURL(/\/admin\/orders\?status=SUCCESS$/);
  await desk.page.locator('[data-testid="orders-status-filter"][data-status="CLOSED"]').click();
  await expect(desk.page).toHaveURL(/\/admin\/orders\?status=CLOSED$/);
  await expect(row).toHaveCount(0); // ours is paid, not closed (other specs may have closed ones)
  await desk.page.locator('[data-testid="orders-status-filter"][data-status="all"]').click();
  await expectAccessible(desk.page, "订单 at 1280 px");
  await screenshot(desk.page, "admin-orders-desktop");

  await row.getByRole("link").click();
  await desk.page.waitForURL(`${APP}/admin/orders/${outTradeNo}`);
  const detail = desk.page.getByTestId("order-detail");
  await expect(detail).toHaveAttribute("data-status", "SUCCESS");
  const kinds = () => desk.page.getByTestId("timeline-event").evaluateAll((els) => els.map((el) => el.getAttribute("data-kind")));
  await expect.poll(kinds).toEqual(expect.arrayContaining(["created", "notified", "paid", "fulfilled"]));
  expect((await kinds()).indexOf("created")).toBe(0);
  await expect(desk.page.getByTestId("order-detail-fulfilled")).toContainText("已发送");
  await expect(desk.page.getByTestId("refund-left")).toHaveText("¥19.90");

  // Over the amount left: refused in the browser (and the server refuses it too, without WeChat Pay).
  await desk.page.getByTestId("refund-amount").fill("19.91");
  await expect(desk.page.getByTestId("refund-amount-problem")).toHaveText("超过可退金额：最多可退 ¥19.90。");
  await expect(desk.page.getByTestId("refund-submit")).toBeDisabled();
  const tooMuch = await admin("POST", `/api/admin/pay/orders/${outTradeNo}/refunds`, { amount: 1991 });
  expect([tooMuch.status, tooMuch.json]).toEqual([400, { error: "refund_exceeds_refundable", refundable: 1990 }]);

  // A partial refund of ¥5.00.
  await desk.page.getByTestId("refund-amount").fill("5");
  await desk.page.getByTestId("refund-reason").fill("少了一包糖");
  await desk.page.getByTestId("refund-submit").click();
  await desk.page.getByTestId("refund-confirm").click();
  await expect(desk.page.getByTestId("refund-message")).toContainText("已提交退款 ¥5.00");
  await expect(desk.page.getByTestId("order-detail-refunded")).toHaveText("¥5.00");
  await expect(desk.page.getByTestId("order-detail-refundable")).toHaveText("¥14.90");
  await expect(desk.page.getByTestId("order-detail-status")).toHaveText("部分退款");
  await expect(desk.page.getByTestId("refund-row")).toHaveAttribute("data-status", "SUCCESS");
  await expect(desk.page.getByTestId("refund-left")).toHaveText("¥14.90");
  await expectAccessible(desk.page, "the order's detail at 1280 px");
  await screenshot(desk.page, "admin-order-desktop");

  // The buyer sees the partial refund.
  await page.reload();
  await expect(page.getByTestId("order-status-title")).toHaveText("部分退款");
  await expect(page.getByTestId("order-refunded")).toContainText("¥5.00");

  // A second refund over what is left is refused by the server even when the page is stale.
  const stale = await admin("POST", `/api/admin/pay/orders/${outTradeNo}/refunds`, { amount: 1491 });
  expect([stale.status, stale.json]).toEqual([400, { error: "refund_exceeds_refundable", refundable: 1490 }]);

  // The rest: a full refund ends in REFUND.
  await desk.page.getByTestId("refund-all").click();
  await expect(desk.page.getByTestId("refund-amount")).toHaveValue("14.90");
  await desk.page.getByTestId("refund-submit").click();
  await desk.page.getByTestId("refund-confirm").click();
  await expect(detail).toHaveAttribute("data-status", "REFUND");
  await expect(desk.page.getByTestId("order-detail-status")).toHaveText("已全额退款");
  await expect(desk.page.getByTestId("order-detail-refunded")).toHaveText("¥19.90");
  await expect(desk.page.getByTestId("order-detail-refundable")).toHaveText("¥0.00");
  await expect(desk.page.getByTestId("refund-form")).toHaveCount(0);
  await expect(desk.page.getByTestId("refund-row")).toHaveCount(2);
  await expect.poll(async () => (await kinds()).filter((k) => k === "refunded").length).toBe(2);
  expect((await simPay.order(outTradeNo)).refunded).toBe(1990);

  await page.reload();
  await expect(page.getByTestId("order-status-title")).toHaveText("已退款");
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "REFUND");
  await screenshot(page, "shop-order-refunded-phone");

  // The 订单 screen on a phone, and the shop and order page on a desktop.
  const phone = await consoleOn(browser, PHONE);
  await expect(phone.page.locator(`[data-testid="orders-row"][data-order="${outTradeNo}"]`)).toHaveAttribute("data-status", "REFUND");
  expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await expectAccessible(phone.page, "订单 at 390 px");
  await screenshot(phone.page, "admin-orders-phone");
  await phone.page.goto(`/admin/orders/${outTradeNo}`);
  await expect(phone.page.getByTestId("order-detail")).toHaveAttribute("data-status", "REFUND");
  expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await screenshot(phone.page, "admin-order-phone");
  await page.setViewportSize(DESKTOP);
  await page.goto("/shop");
  await expect(coffee(page)).toBeVisible();
  await screenshot(page, "shop-desktop");
  await page.goto(`/shop/orders/${outTradeNo}`);
  await expect(page.getByTestId("order-status-title")).toHaveText("已退款");
  await screenshot(page, "shop-order-desktop");

  expect(problems.errors).toEqual([]);
  expect([...desk.errors, ...phone.errors]).toEqual([]);
});

test("取消 on the pay sheet: said clearly, nothing paid; after a reload the pending order offers 继续支付 and then pays", async ({ browser }) => {
  const { page, openid, problems } = await buyerOn(browser);
  const since = Date.now();
  await page.locator('[data-testid="shop-product"][data-product="beans"]').getByTestId("shop-buy").click();
  await expect(page.getByTestId("pay-sheet")).toBeVisible();
  await page.getByTestId("pay-sheet-cancel").click();
  await expect(page.getByTestId("pay-sheet")).toHaveCount(0);
  await expect(page.getByTestId("shop-cancelled")).toContainText("已取消支付");
  await expect(page.getByTestId("shop-cancelled")).toContainText("咖啡豆 250g");
  expect(new URL(page.url()).pathname).toBe("/shop");
  const [pending] = await simPay.orders("NOTPAY");
  expect(pending?.amount.total).toBe(6800);
  const outTradeNo = pending!.out_trade_no;
  await expectAccessible(page, "/shop after 取消");

  // A reload: the order waiting to be paid is offered again, not lost.
  await page.reload();
  await expect(page.getByTestId("shop-pending")).toContainText("¥68.00");
  await page.getByTestId("shop-pending-view").click();
  await page.waitForURL(`${APP}/shop/orders/${outTradeNo}`);
  await expect(page.getByTestId("order-status-title")).toHaveText("待支付");
  await expectAccessible(page, "a pending order");
  await screenshot(page, "shop-order-pending-phone");

  // 继续支付 reuses the same order (no second one) and ends in 支付成功.
  await page.getByTestId("order-resume-pay").click();
  await page.getByTestId("pay-sheet-confirm").click();
  await expect(page.getByTestId("order-status-title")).toHaveText("支付成功");
  expect((await simPay.orders()).map((o) => o.out_trade_no)).toEqual([outTradeNo]);
  await expect.poll(() => textsTo(openid, since), { timeout: 10_000 }).toHaveLength(1);
  // Paid: the shop no longer offers it.
  await page.goto("/shop");
  await expect(page.getByTestId("shop-product").first()).toBeVisible();
  await expect(page.getByTestId("shop-pending")).toHaveCount(0);
  expect(problems.errors).toEqual([]);
});

test("a failure from the pay sheet is said with its reason; nothing is paid and the order stays payable", async ({ browser }) => {
  const { page, problems } = await buyerOn(browser);
  // The bridge refuses as WeChat does for a bad paySign (the simulator's bridge reports the reason in err_desc).
  await page.route(`${simulatorUrl}/__sim/pay/bridge/request`, (route) =>
    route.fulfill({ status: 200, contentType: "application/json", headers: { "access-control-allow-origin": "*" }, body: JSON.stringify({ ok: false, reason: "paySign 校验失败" }) }),
  );
  await page.locator('[data-testid="shop-product"][data-product="postcard"]').getByTestId("shop-buy").click();
  const error = page.getByTestId("shop-error");
  await expect(error).toContainText("支付没有完成：paySign 校验失败");
  await expect(error).toContainText("未扣款");
  await expect(page.getByTestId("pay-sheet")).toHaveCount(0);
  const [order] = await simPay.orders();
  expect(order?.trade_state).toBe("NOTPAY");
  await expectAccessible(page, "/shop after a failed payment");

  // Once the bridge works again, 继续支付 pays the same order.
  await page.unroute(`${simulatorUrl}/__sim/pay/bridge/request`);
  await page.getByTestId("shop-retry-pay").click();
  await page.getByTestId("pay-sheet-confirm").click();
  await page.waitForURL(`${APP}/shop/orders/${order!.out_trade_no}?from=pay`);
  await expect(page.getByTestId("order-status-title")).toHaveText("支付成功");
  expect(problems.errors).toEqual([]);
});
