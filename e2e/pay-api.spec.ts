/**
 * The app's WeChat Pay API against the simulator (app-contract.md, "WeChat Pay (JSAPI, APIv3)"):
 * a signed-in buyer orders, the simulator's buyer pays, TRANSACTION.SUCCESS makes the order
 * SUCCESS and the buyer gets one customer-service text; forged, stale, tampered, SIGNTEST and
 * mismatched notifications change nothing; partial and full refunds end in REFUND — in each of
 * the merchant's key modes (WeChat Pay public key, platform certificates, both).
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import { appUrl, E2E, simulatorUrl } from "./e2e-env";
import { appCall, expectCleanError } from "./support/app-api";
import { signIn } from "./support/browser-oauth";
import { pollUntil, sim, textsTo } from "./support/sim-control";
import { simPay, type ForgeryKind } from "./support/sim-pay";

const APP = appUrl();
let jars: APIRequestContext[] = [];

interface Created {
  outTradeNo: string;
  amount: number;
  payParams: Record<string, string>;
}

async function buyer(playwright: { request: { newContext(o: { baseURL: string }): Promise<APIRequestContext> } }): Promise<{ jar: APIRequestContext; openid: string }> {
  const jar = await playwright.request.newContext({ baseURL: APP });
  jars.push(jar);
  await signIn(jar, { scope: "snsapi_base" });
  const me = (await (await jar.get("/api/me")).json()) as { openid: string };
  return { jar, openid: me.openid };
}

async function order(jar: APIRequestContext, productId = "coffee"): Promise<Created> {
  const res = await jar.post("/api/pay/orders", { data: { productId, amount: 1, openid: "o-somebody-else" }, headers: { origin: APP } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as Created;
}

const status = async (outTradeNo: string) => (await appCall<{ status: string; refunded: number }>(`/api/pay/orders/${outTradeNo}`)).json;
const settled = (outTradeNo: string, want: string) => pollUntil(() => status(outTradeNo), (o) => o.status === want, 10_000);

test.beforeEach(async () => {
  await fetch(`${simulatorUrl}/__sim/reset`, { method: "POST" });
  await simPay.configure({ signtestEvery: 0, mode: "public-key" });
});

test.afterEach(async () => {
  await Promise.all(jars.map((jar) => jar.dispose()));
  jars = [];
});

test("refuses a signed-out buyer, an unknown product and someone else's order", async ({ playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: APP });
  jars.push(anonymous);
  const out = await anonymous.post("/api/pay/orders", { data: { productId: "coffee" }, headers: { origin: APP } });
  expect(out.status()).toBe(401);
  const { jar } = await buyer(playwright);
  const unknown = await jar.post("/api/pay/orders", { data: { productId: "caviar" }, headers: { origin: APP } });
  expect([unknown.status(), await unknown.json()]).toEqual([400, { error: "unknown_product" }]);
  const foreign = await jar.post("/api/pay/orders", { data: { productId: "coffee" }, headers: { origin: "https://evil.example" } });
  expect(foreign.status()).toBe(403);
  const mine = await order(jar);
  expect((await jar.get(`/api/pay/orders/${mine.outTradeNo}`)).status()).toBe(200);
  expect((await anonymous.get(`/api/pay/orders/${mine.outTradeNo}`)).status()).toBe(401);
  const products = (await (await anonymous.get("/api/pay/products")).json()) as { items: Array<{ id: string; price: number }> };
  expect(products.items.find((p) => p.id === "coffee")?.price).toBe(1990);
});

for (const mode of ["public-key", "certificate", "both"] as const) {
  test(`${mode} mode: order → paid → notified once → SUCCESS, one text; partial then full refund → REFUND`, async ({ playwright }) => {
    await simPay.configure({ mode, signtestEvery: 2 });
    const { jar, openid } = await buyer(playwright);
    const since = Date.now();
    const created = await order(jar, "beans");
    expect(created.amount).toBe(6800); // the catalogue's, not the body's
    expect(created.payParams).toMatchObject({ appId: E2E.appId, signType: "RSA", package: expect.stringMatching(/^prepay_id=/) });
    const atWeChatPay = await simPay.order(created.outTradeNo);
    expect(atWeChatPay).toMatchObject({ trade_state: "NOTPAY", amount: { total: 6800 } });
    // The buyer has talked to the account lately: customer-service messages may reach them (48 h window).
    await sim.markActive(openid);

    await simPay.pay(created.outTradeNo);
    const delivered = await simPay.waitForNotification((n) => n.outTradeNo === created.outTradeNo && n.kind === "transaction" && n.status === "delivered");
    expect(delivered.attempts.at(-1)?.status).toBe(204);
    const probes = (await simPay.notifications("signtest")).filter((n) => n.attempts.length > 0);
    for (const probe of probes) expect(probe.accepted).toBe(false);
    expect(await status(created.outTradeNo)).toMatchObject({ status: "SUCCESS", refunded: 0 });
    const texts = await pollUntil(() => textsTo(openid, since), (t) => t.length > 0, 10_000);
    // Replays change nothing and send nothing.
    await simPay.replay(delivered.id);
    await simPay.replay(delivered.id);
    await new Promise((r) => setTimeout(r, 500));
    expect(await textsTo(openid, since)).toEqual(texts);
    expect(texts).toEqual([expect.stringMatching(/咖啡豆 250g.*¥68\.00/)]);

    const refundPath = `/api/admin/pay/orders/${created.outTradeNo}/refunds`;
    const partial = await appCall<{ outRefundNo: string; status: string }>(refundPath, { method: "POST", body: { amount: 1800, reason: "部分退款" } });
    expect(partial.status).toBe(202);
    const tooMuch = await appCall<{ error: string; refundable: number }>(refundPath, { method: "POST", body: { amount: 5001 } });
    expect([tooMuch.status, tooMuch.json]).toEqual([400, { error: "refund_exceeds_refundable", refundable: 5000 }]);
    expectCleanError(tooMuch.text);
    await pollUntil(() => status(created.outTradeNo), (o) => o.refunded === 1800, 10_000);
    expect((await status(created.outTradeNo)).status).toBe("SUCCESS");
    expect((await appCall(refundPath, { method: "POST", body: { amount: 5000 } })).status).toBe(202);
    expect(await settled(created.outTradeNo, "REFUND")).toMatchObject({ status: "REFUND", refunded: 6800 });
    expect((await simPay.order(created.outTradeNo)).refunded).toBe(6800);
    const detail = await appCall<{ timeline: Array<{ kind: string }>; refunds: Array<{ status: string }> }>(`/api/admin/pay/orders/${created.outTradeNo}`);
    expect(detail.json.refunds.map((r) => r.status)).toEqual(["SUCCESS", "SUCCESS"]);
    expect(detail.json.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(["created", "paid", "notified", "fulfilled", "refund_requested", "refunded"]));
  });
}

test("forged, tampered, stale, unknown-serial, SIGNTEST and undecryptable notifications are refused; mismatches are not payment", async ({ playwright }) => {
  const { jar, openid } = await buyer(playwright);
  const since = Date.now();
  const created = await order(jar);
  const expected: Record<ForgeryKind, number[]> = {
    forged: [401],
    tampered: [401],
    stale: [401],
    "unknown-serial": [401],
    signtest: [401],
    undecryptable: [400],
    "wrong-amount": [204],
    "wrong-appid": [204],
    "wrong-mchid": [204],
  };
  for (const [kind, statuses] of Object.entries(expected) as Array<[ForgeryKind, number[]]>) {
    const sent = await simPay.forge(kind, created.outTradeNo);
    const attempt = sent.attempts.at(-1);
    expect(statuses, `${kind}: ${attempt?.status} ${attempt?.answer}`).toContain(attempt?.status);
    if (attempt?.status !== 204) expect(JSON.parse(attempt?.answer ?? "{}")).toMatchObject({ code: "FAIL" });
  }
  expect((await simPay.order(created.outTradeNo)).trade_state).toBe("NOTPAY");
  expect((await status(created.outTradeNo)).status).toBe("NOTPAY");
  expect(await textsTo(openid, since)).toEqual([]);
  const detail = await appCall<{ timeline: Array<{ kind: string }> }>(`/api/admin/pay/orders/${created.outTradeNo}`);
  expect(detail.json.timeline.filter((e) => e.kind === "mismatch").length).toBeGreaterThanOrEqual(1);
});

test("the console lists the day's orders with totals, and the reconciler needs the cron secret", async ({ playwright }) => {
  const { jar } = await buyer(playwright);
  const created = await order(jar, "postcard");
  await simPay.pay(created.outTradeNo);
  await settled(created.outTradeNo, "SUCCESS");
  const list = await appCall<{ items: Array<{ outTradeNo: string; status: string }>; total: number; totals: { paidAmount: number } }>("/api/admin/pay/orders?status=SUCCESS");
  expect(list.status).toBe(200);
  expect(list.json.items.map((o) => o.outTradeNo)).toContain(created.outTradeNo);
  expect(list.json.totals.paidAmount).toBeGreaterThanOrEqual(1);
  const summary = await appCall<{ days: Array<{ day: string }> }>("/api/admin/pay/summary?days=14");
  expect(summary.json.days).toHaveLength(14);
  expect((await appCall("/api/admin/pay/orders?status=PAID")).status).toBe(400);
  expect((await appCall("/api/admin/pay/orders", { auth: null })).status).toBe(401);
  expect((await appCall("/api/cron/pay-reconcile", { auth: "Bearer nope" })).status).toBe(401);
  const run = await appCall<{ errors: number }>("/api/cron/pay-reconcile", { auth: `Bearer ${E2E.cronSecret}` });
  expect(run.status).toBe(200);
  expect(run.json.errors).toBe(0);
});
