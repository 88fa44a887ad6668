/**
 * The simulator's WeChat Pay end to end, without the app: a test page in Chromium dressed as the
 * WeChat browser calls `WeixinJSBridge.invoke('getBrandWCPayRequest', …)` with parameters this
 * spec signs as the throwaway merchant; the pay sheet shows merchant, product and amount
 * (axe-clean, usable at 360 px); 支付 answers `get_brand_wcpay_request:ok` and TRANSACTION.SUCCESS
 * reaches a local receiver, verifiable with the WeChat Pay public key and the APIv3 key.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { callPay, openResource, payParams, verifyWechatpaySignature } from "../simulator/testing/pay-merchant";
import { E2E, E2E_PAY, simulatorUrl } from "./e2e-env";
import { expectAccessible } from "./support/axe";
import { bridgeCalls, newWeChatContext, watchPageProblems } from "./support/browser";
import { simPay, throwawayMerchant } from "./support/sim-pay";
import { THROWAWAY_PLATFORM_PUBLIC_KEY } from "./support/wechatpay-throwaway-merchant";

const PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>支付测试页</title></head><body><main><h1>支付测试页</h1><p id="result" data-testid="result">未支付</p></main></body></html>`;

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let origin = "";
const received: Received[] = [];
let context: BrowserContext | undefined;

test.beforeAll(async () => {
  // The shop page and the app's notify URL, both stood in for by one local server.
  server = http.createServer((req, res) => {
    if (req.method === "POST" && req.url === "/api/pay/notify") {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

test.beforeEach(async () => {
  await fetch(`${simulatorUrl}/__sim/reset`, { method: "POST" });
  await simPay.configure({ signtestEvery: 0 });
  received.length = 0;
});

test.afterEach(async () => {
  await context?.close();
  context = undefined;
});

/** Places an order as the merchant (signed in this process) and returns its out_trade_no and prepay_id. */
async function placeOrder(description = "示例咖啡豆 250g", total = 1990): Promise<{ outTradeNo: string; prepayId: string }> {
  const users = (await (await fetch(`${simulatorUrl}/__sim/users`)).json()) as { users: Array<{ openid: string }> };
  const outTradeNo = `E2E${Date.now()}`;
  const res = await callPay(simulatorUrl, throwawayMerchant(), "POST", "/v3/pay/transactions/jsapi", {
    appid: E2E.appId, mchid: E2E_PAY.mchid, description, out_trade_no: outTradeNo, notify_url: `${origin.replace("localhost", "127.0.0.1")}/api/pay/notify`,
    amount: { total, currency: "CNY" }, payer: { openid: users.users[0]!.openid },
  });
  expect(res.status, res.text).toBe(200);
  expect(verifyWechatpaySignature(res.headers, res.text, THROWAWAY_PLATFORM_PUBLIC_KEY)).toBe(true);
  return { outTradeNo, prepayId: String(res.json?.prepay_id) };
}

/** Calls getBrandWCPayRequest from the page; resolves with the callback's answer. */
function invokePay(page: Page, params: Record<string, unknown>): Promise<Record<string, string>> {
  return page.evaluate(
    (args) =>
      new Promise<Record<string, string>>((resolve) => {
        const bridge = (window as unknown as { WeixinJSBridge: { invoke(n: string, a: unknown, cb: (r: Record<string, string>) => void): void } }).WeixinJSBridge;
        bridge.invoke("getBrandWCPayRequest", args, (res) => {
          document.getElementById("result")!.textContent = res.err_msg ?? "";
          resolve(res);
        });
      }),
    params,
  );
}

async function openPage(browser: import("@playwright/test").Browser, viewport?: { width: number; height: number }): Promise<Page> {
  context = await newWeChatContext(browser, { baseURL: origin });
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(`${origin}/shop/checkout`);
  return page;
}

test("支付 on the pay sheet pays the order, answers ok and delivers TRANSACTION.SUCCESS", async ({ browser }) => {
  const page = await openPage(browser, { width: 360, height: 740 });
  const problems = watchPageProblems(page);
  const { outTradeNo, prepayId } = await placeOrder();
  const answer = invokePay(page, payParams(throwawayMerchant(), E2E.appId, prepayId));

  const sheet = page.getByTestId("pay-sheet");
  await expect(sheet).toBeVisible();
  await expect(sheet).toHaveAttribute("role", "dialog");
  await expect(page.getByTestId("pay-sheet-merchant")).toHaveText(E2E_PAY.merchantName);
  await expect(page.getByTestId("pay-sheet-amount")).toHaveText("¥19.90");
  await expect(page.getByTestId("pay-sheet-description")).toHaveText("示例咖啡豆 250g");
  await expect(page.getByTestId("pay-sheet-confirm")).toBeFocused();
  // Usable at 360 px: the sheet fits, both buttons are on screen.
  const box = await sheet.boundingBox();
  expect(box!.width).toBeLessThanOrEqual(360);
  for (const id of ["pay-sheet-confirm", "pay-sheet-cancel"]) await expect(page.getByTestId(id)).toBeInViewport();
  await expectAccessible(page, "the pay sheet at 360 px");
  await page.screenshot({ path: "test-results/pay-sheet-360.png" });

  await page.getByTestId("pay-sheet-confirm").click();
  expect(await answer).toEqual({ err_msg: "get_brand_wcpay_request:ok" });
  await expect(sheet).toHaveCount(0);
  await expect(page.getByTestId("result")).toHaveText("get_brand_wcpay_request:ok");

  await expect.poll(() => received.length).toBe(1);
  const notice = received[0]!;
  const headers = Object.fromEntries(Object.entries(notice.headers).map(([k, v]) => [k, String(v)]));
  expect(headers["wechatpay-serial"]).toBe(E2E_PAY.publicKeyId);
  expect(verifyWechatpaySignature(headers, notice.body, THROWAWAY_PLATFORM_PUBLIC_KEY)).toBe(true);
  const envelope = JSON.parse(notice.body) as { event_type: string; resource: { ciphertext: string; nonce: string; associated_data: string } };
  expect(envelope.event_type).toBe("TRANSACTION.SUCCESS");
  expect(JSON.parse(openResource(E2E_PAY.apiV3Key, envelope.resource))).toMatchObject({ out_trade_no: outTradeNo, trade_state: "SUCCESS", amount: { total: 1990 } });
  expect((await simPay.order(outTradeNo)).trade_state).toBe("SUCCESS");
  const [delivery] = await simPay.notifications("transaction");
  expect(delivery).toMatchObject({ status: "delivered", attempts: [{ status: 204 }] });
  expect(problems.errors).toEqual([]);
});

test("取消 answers cancel and pays nothing", async ({ browser }) => {
  const page = await openPage(browser);
  const { outTradeNo, prepayId } = await placeOrder();
  const answer = invokePay(page, payParams(throwawayMerchant(), E2E.appId, prepayId));
  await page.getByTestId("pay-sheet-cancel").click();
  expect(await answer).toEqual({ err_msg: "get_brand_wcpay_request:cancel" });
  expect((await simPay.order(outTradeNo)).trade_state).toBe("NOTPAY");
  expect(received).toEqual([]);
});

test("timestamp instead of timeStamp: no sheet, fail with a reason, logged on the page's console", async ({ browser }) => {
  const page = await openPage(browser);
  const warnings: string[] = [];
  page.on("console", (message) => void (message.type() === "warning" && warnings.push(message.text())));
  const { prepayId } = await placeOrder();
  const { timeStamp, ...rest } = payParams(throwawayMerchant(), E2E.appId, prepayId);
  const answer = await invokePay(page, { ...rest, timestamp: timeStamp });
  expect(answer.err_msg).toBe("get_brand_wcpay_request:fail");
  expect(answer.err_desc).toMatch(/timeStamp/);
  await expect(page.getByTestId("pay-sheet")).toHaveCount(0);
  expect(warnings.join("\n")).toMatch(/getBrandWCPayRequest:fail — 缺少 timeStamp/);
  const [call] = await bridgeCalls(page, "getBrandWCPayRequest");
  expect(call?.result).toMatchObject({ err_msg: "get_brand_wcpay_request:fail" });
});
