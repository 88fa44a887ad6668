/**
 * An account with its OWN WeChat Pay merchant (issue 26, docs/wechat-pay.md), end to end: a
 * second 公众号 added to the simulator and the app, a second merchant registered with the
 * simulator's WeChat Pay (`POST /__sim/pay/merchants`) and entered on the account from the
 * console's 账号 screen (checked with a signed call). Its buyer pays in the shop through THAT
 * merchant (the pay sheet names it), the notification lands on /api/pay/notify/{mchid} and the
 * order goes to SUCCESS once (a replay changes nothing), the console refunds it in two parts
 * through that merchant, and the order detail shows it; the env merchant sees none of it.
 */
import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { makeTestMerchant } from "../simulator/testing/pay-merchant";
import { appUrl, E2E_PAY, simulatorUrl } from "./e2e-env";
import { admin } from "./support/admin-fetch";
import { newWeChatContext } from "./support/browser";
import { DESKTOP, expectAccessible, screenshot, signInOnScreen, watchConsole } from "./support/console-screen";
import type { SimPayNotification } from "./support/sim-pay";

const APP = appUrl();
const C = { appId: `wx${randomBytes(8).toString("hex")}`, appSecret: randomBytes(16).toString("hex"), token: "thirdtoken42", name: "自有商户的公众号" };
const own = makeTestMerchant({ mchid: `19${String(Date.now()).slice(-8)}`, merchantName: "自有商户小店", timeScale: 0.01, refundDelayMs: 500, signtestEvery: 0 });
const contexts: BrowserContext[] = [];

async function simCall<T = Record<string, unknown>>(method: "GET" | "POST", path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${simulatorUrl}${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as T };
}
const notificationsOf = async (mchid: string): Promise<SimPayNotification[]> => (await simCall<{ notifications: SimPayNotification[] }>("GET", `/__sim/pay/notifications?mchid=${mchid}`)).json.notifications;

async function waitForNotification(mchid: string, match: (n: SimPayNotification) => boolean): Promise<SimPayNotification> {
  await expect.poll(async () => (await notificationsOf(mchid)).some(match), { timeout: 10_000 }).toBe(true);
  return (await notificationsOf(mchid)).find(match)!;
}

test.afterAll(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

/** The console signed in at `path`; `account` selected first (the switcher's cookie) when given. */
async function consoleAt(browser: Browser, path: string, account?: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  contexts.push(context);
  if (account) await context.addCookies([{ name: "wxmp_account", value: account, url: APP }]);
  const page = await context.newPage();
  const errors = watchConsole(page);
  await signInOnScreen(page, path);
  return { page, errors };
}

let merchantView: { publicKeyId: string; publicKey: string };
let outTradeNo = "";

test.describe.serial("a 公众号 paying through its own merchant", () => {
  test("the account and its merchant are set up; the console takes the merchant and checks it with a signed call", async ({ browser }) => {
    expect((await simCall("POST", "/__sim/accounts", { appId: C.appId, appSecret: C.appSecret, token: C.token, accountName: C.name, followers: 3 })).status).toBe(201);
    const registered = await simCall<{ merchant: { publicKeyId: string; publicKey: string } }>("POST", "/__sim/pay/merchants", { ...own.options, appIds: [C.appId] });
    expect(registered.status).toBe(201);
    merchantView = registered.json.merchant;
    const added = await admin("POST", "/api/admin/accounts", { appId: C.appId, name: C.name, appSecret: C.appSecret, token: C.token });
    expect(added.status, added.text).toBe(201);

    const { page, errors } = await consoleAt(browser, "/admin/accounts");
    const item = page.locator(`[data-testid="account-item"][data-appid="${C.appId}"]`);
    await expect(item.getByTestId("account-merchant")).toContainText("经默认商户号收款");
    await item.getByTestId("account-merchant-edit").click();
    // Checked in the page before anything is sent.
    await item.getByTestId("merchant-mchid").fill(own.mchid);
    await item.getByTestId("merchant-merchantSerial").fill("ABC");
    await item.getByTestId("merchant-save").click();
    await expect(item.getByTestId("merchant-error")).toContainText("40 位十六进制");
    const privateKeyPem = own.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    await item.getByTestId("merchant-merchantSerial").fill(own.serial);
    await item.getByTestId("merchant-privateKey").fill(privateKeyPem);
    await item.getByTestId("merchant-apiV3Key").fill(own.apiV3Key);
    await item.getByTestId("merchant-publicKeyId").fill(merchantView.publicKeyId);
    await item.getByTestId("merchant-publicKey").fill(merchantView.publicKey);
    await item.getByTestId("merchant-save").click();
    // Saved and checked: the signed probe was accepted and its answer verified with this merchant's key.
    await expect(item.getByTestId("account-checks")).toContainText(`商户号 ${own.mchid}：签名被接受`);
    await expect(item.getByTestId("account-checks")).toContainText(`/api/pay/notify/${own.mchid}`);
    await expect(item.getByTestId("account-merchant")).toContainText(`商户号 ${own.mchid}（证书序列号 ${own.serial.slice(0, 8)}…，微信支付公钥验签）`);
    const html = await page.content();
    for (const secret of [own.apiV3Key, "PRIVATE KEY", own.serial]) expect(html).not.toContain(secret);
    await expectAccessible(page, "/admin/accounts with a merchant");
    await screenshot(page, "accounts-own-merchant-desktop");
    // The API shows the same: no key, the serial's start only.
    const listed = await admin("GET", `/api/admin/accounts/${C.appId}`);
    expect((listed.json.account as { pay: unknown }).pay).toEqual({ mchid: own.mchid, serialPrefix: own.serial.slice(0, 8), keyMode: "public_key" });
    expect(listed.text).not.toContain(own.apiV3Key);
    expect(errors).toEqual([]);
  });

  test("its buyer pays in the shop through its merchant; the notification lands on /api/pay/notify/{mchid}; SUCCESS once", async ({ browser }) => {
    const context = await newWeChatContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/shop?appid=${C.appId}`);
    await page.waitForURL((url) => url.origin === APP && url.pathname === "/shop");
    const me = (await (await page.request.get(`/api/me?appid=${C.appId}`)).json()) as { openid: string };
    expect(me.openid).toBeTruthy();
    await page.locator('[data-testid="shop-product"][data-product="coffee"]').getByTestId("shop-buy").click();
    await expect(page.getByTestId("pay-sheet")).toBeVisible();
    await expect(page.getByTestId("pay-sheet-merchant")).toHaveText("自有商户小店");
    await page.getByTestId("pay-sheet-confirm").click();
    await page.waitForURL(/\/shop\/orders\/[0-9A-Za-z_\-|*]+\?from=pay$/);
    outTradeNo = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
    await expect(page.getByTestId("order-status-title")).toHaveText("支付成功");
    await screenshot(page, "shop-own-merchant-paid-390");

    const delivered = await waitForNotification(own.mchid, (n) => n.outTradeNo === outTradeNo && n.eventType === "TRANSACTION.SUCCESS" && n.status === "delivered");
    expect(delivered.url).toBe(`${APP}/api/pay/notify/${own.mchid}`);
    expect(delivered.attempts.at(-1)?.status).toBe(204);
    // Placed with its merchant: the env merchant never saw it.
    expect((await notificationsOf(E2E_PAY.mchid)).some((n) => n.outTradeNo === outTradeNo)).toBe(false);
    expect((await simCall("GET", `/__sim/pay/orders/${outTradeNo}?mchid=${E2E_PAY.mchid}`)).status).toBe(404);

    // A replay is acknowledged and changes nothing: paid once.
    const replay = await simCall<{ attempt: { status: number } }>("POST", `/__sim/pay/notifications/${delivered.id}/replay?mchid=${own.mchid}`, { mchid: own.mchid });
    expect(replay.json.attempt.status).toBe(204);
    const detail = await admin("GET", `/api/admin/pay/orders/${outTradeNo}?appid=${C.appId}`);
    const body = detail.json as { order: { status: string; appId?: string }; timeline: Array<{ kind: string }> };
    expect(body.order.status).toBe("SUCCESS");
    expect(body.timeline.filter((e) => e.kind === "paid")).toHaveLength(1);
    // With the default account selected, its order is not found (nothing leaked).
    expect((await admin("GET", `/api/admin/pay/orders/${outTradeNo}`)).status).toBe(404);
    // Listed under its account, not the default one.
    const mine = await admin("GET", `/api/admin/pay/orders?appid=${C.appId}`);
    expect((mine.json.items as Array<{ outTradeNo: string }>).map((o) => o.outTradeNo)).toContain(outTradeNo);
    const theirs = await admin("GET", "/api/admin/pay/orders?limit=100");
    expect((theirs.json.items as Array<{ outTradeNo: string }>).map((o) => o.outTradeNo)).not.toContain(outTradeNo);
  });

  test("an unknown merchant's notify URL is a 404 FAIL, a forged one for this merchant a 401", async () => {
    const unknown = await fetch(`${APP}/api/pay/notify/1999999999`, { method: "POST", body: "{}" });
    expect([unknown.status, await unknown.json()]).toEqual([404, { code: "FAIL", message: "unknown merchant" }]);
    const junk = await fetch(`${APP}/api/pay/notify/not-a-number`, { method: "POST", body: "{}" });
    expect(junk.status).toBe(404);
    const forged = await fetch(`${APP}/api/pay/notify/${own.mchid}`, {
      method: "POST",
      headers: { "Wechatpay-Serial": merchantView.publicKeyId, "Wechatpay-Timestamp": String(Math.floor(Date.now() / 1000)), "Wechatpay-Nonce": "n", "Wechatpay-Signature": Buffer.alloc(256, 1).toString("base64") },
      body: "{}",
    });
    expect([forged.status, ((await forged.json()) as { code: string }).code]).toEqual([401, "FAIL"]);
  });

  test("its answers verify with ITS platform certificate too (certificate mode, kept for the refunds below)", async () => {
    expect((await simCall("POST", "/__sim/pay/merchant", { mchid: own.mchid, mode: "certificate" })).status).toBe(200);
    const checked = await admin("POST", `/api/admin/accounts/${C.appId}/check`);
    const lines = (checked.json.checks as Array<{ name: string; status: string; line: string }>).filter((c) => c.name === "wechat pay merchant");
    expect(lines).toEqual([expect.objectContaining({ status: "ok", line: expect.stringContaining("签名被接受") })]);
  });

  test.afterAll(async () => {
    await simCall("POST", "/__sim/pay/merchant", { mchid: own.mchid, mode: "public-key" });
  });

  // Its answers and notifications are now signed with its platform certificate: the app downloads
  // that merchant's certificates (kept under its mchid) with its APIv3 key to verify them.
  test("the console refunds it through its merchant, ¥5.00 then the rest, and the order detail shows it", async ({ browser }) => {
    const { page, errors } = await consoleAt(browser, `/admin/orders/${outTradeNo}`, C.appId);
    const detail = page.getByTestId("order-detail");
    await expect(detail).toHaveAttribute("data-status", "SUCCESS");
    await page.getByTestId("refund-amount").fill("5");
    await page.getByTestId("refund-submit").click();
    await page.getByTestId("refund-confirm").click();
    await expect(page.getByTestId("refund-message")).toContainText("已提交退款 ¥5.00");
    await expect(page.getByTestId("order-detail-refunded")).toHaveText("¥5.00");
    await expect(page.getByTestId("order-detail-status")).toHaveText("部分退款");
    await page.getByTestId("refund-all").click();
    await page.getByTestId("refund-submit").click();
    await page.getByTestId("refund-confirm").click();
    await expect(detail).toHaveAttribute("data-status", "REFUND");
    await expect(page.getByTestId("order-detail-status")).toHaveText("已全额退款");
    await expect(page.getByTestId("refund-row")).toHaveCount(2);
    await screenshot(page, "admin-order-own-merchant-desktop");
    // Both refunds were made at ITS merchant, and their notifications came to its notify URL.
    const refunds = (await simCall<{ refunds: Array<{ out_trade_no: string; status: string }> }>("GET", `/__sim/pay/refunds?mchid=${own.mchid}`)).json.refunds.filter((r) => r.out_trade_no === outTradeNo);
    expect(refunds.map((r) => r.status)).toEqual(["SUCCESS", "SUCCESS"]);
    const refundNotices = (await notificationsOf(own.mchid)).filter((n) => n.outTradeNo === outTradeNo && n.eventType.startsWith("REFUND."));
    expect(refundNotices.length).toBeGreaterThan(0);
    for (const n of refundNotices) {
      expect(n.url).toBe(`${APP}/api/pay/notify/${own.mchid}`);
      // Signed with its certificate now, verified by the app with that merchant's downloaded certificate.
      await expect.poll(async () => (await notificationsOf(own.mchid)).find((x) => x.id === n.id)?.attempts.at(-1)?.status).toBe(204);
    }
    expect(errors).toEqual([]);
  });
});
