/**
 * An account with its OWN merchant (issue 26): its orders are placed with its mchid and keys, its
 * notifications (on /api/pay/notify/{mchid}) are verified with ITS platform key and opened with
 * ITS APIv3 key, and change only its orders; orders of one merchant are queried and refunded
 * through that merchant's client even from another merchant's service.
 */
import { generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createMemoryPlatformCertificateStore } from "@wxmp/wechatpay/platform-certificates";
import { merchant, platform, signAnswer } from "@/test/support/wechatpay-fixtures";
import { createMemoryPayStore } from "./memory-store";
import { BUYER, createPayKit, type KitMerchant, type PayKit } from "./testing/pay-test-kit";

const SECOND = "wx0de0000000000002";
const PREPAY = "wx201410272009395522657a690389285100";
const pem = (key: { export(o: { type: "pkcs8" | "spki"; format: "pem" }): string | Buffer }, type: "pkcs8" | "spki") => key.export({ type, format: "pem" }).toString();

// The second merchant: its own API key pair and serial, APIv3 key, and WeChat Pay public key (PUB_KEY_ID_ mode).
const ownKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const wxpKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const OWN: KitMerchant = {
  client: {
    mchid: "1900000002",
    merchantSerialNo: "AB".repeat(20),
    privateKey: pem(ownKeys.privateKey, "pkcs8"),
    apiV3Key: "0123456789abcdef0123456789ABCDEF",
    publicKey: { id: "PUB_KEY_ID_0119000000020000000000000001", pem: pem(wxpKeys.publicKey, "spki") },
    // Its own (empty) certificate store: the env merchant's platform certificate is not its.
    certificateStore: createMemoryPlatformCertificateStore(),
  },
  signer: { serial: "PUB_KEY_ID_0119000000020000000000000001", privateKey: wxpKeys.privateKey },
  notifyUrl: "https://shop.example.com/api/pay/notify/1900000002",
};

/** The env merchant's service (the published test merchant) and the second account's own, over one store. */
function twoMerchants(): { env: PayKit; own: PayKit } {
  const store = createMemoryPayStore();
  const env = createPayKit({ store });
  const own = createPayKit({ store, appId: SECOND, merchant: OWN });
  own.harness.clock.advance(1000);
  // Each service reaches the other's orders through the other's client (as lib/wiring does).
  env.deps.orderMerchant = async (order) => (order.mchid === OWN.client.mchid ? { client: own.harness.client, notifyUrl: OWN.notifyUrl } : null);
  own.deps.orderMerchant = async (order) => (order.mchid === merchant.mchid ? { client: env.harness.client, notifyUrl: "https://shop.example.com/api/pay/notify" } : null);
  return { env, own };
}

async function placeOrder(kit: PayKit) {
  kit.harness.fake.on({ method: "POST", path: "/v3/pay/transactions/jsapi", reply: kit.harness.signed(200, { prepay_id: PREPAY }) });
  return kit.service.createOrder(BUYER, "coffee");
}

async function ownOrder(own: PayKit) {
  own.harness.fake.on({ method: "POST", path: "/v3/pay/transactions/jsapi", reply: own.harness.signed(200, { prepay_id: PREPAY }, OWN.signer) });
  return own.service.createOrder(BUYER, "coffee");
}

describe("an account's own merchant", () => {
  it("places the order with its mchid, its notify URL and its key, and signs paySign with its key", async () => {
    const { own } = twoMerchants();
    const created = await ownOrder(own);
    const [req] = own.harness.fake.requests;
    expect(JSON.parse(req!.body.toString())).toMatchObject({ appid: SECOND, mchid: OWN.client.mchid, notify_url: OWN.notifyUrl });
    expect(req!.headers.authorization).toContain(`mchid="${OWN.client.mchid}"`);
    expect(req!.headers.authorization).toContain(`serial_no="${"AB".repeat(20)}"`);
    expect((await own.store.findOrder(created.outTradeNo))?.mchid).toBe(OWN.client.mchid);
    const p = created.payParams;
    const signed = Buffer.from(`${SECOND}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`);
    expect(verify("sha256", signed, ownKeys.publicKey, Buffer.from(p.paySign, "base64"))).toBe(true);
    expect(verify("sha256", signed, merchant.certificate.publicKey, Buffer.from(p.paySign, "base64"))).toBe(false);
  });

  it("takes its notification (its key, its APIv3 key) once: SUCCESS, one text through its account", async () => {
    const { own } = twoMerchants();
    const created = await ownOrder(own);
    const n = own.notification("TRANSACTION.SUCCESS", own.paidTransaction(created.outTradeNo, 1990));
    expect((await own.service.notify(n.headers, n.body)).status).toBe(204);
    expect((await own.service.notify(n.headers, n.body)).status).toBe(204);
    await own.drain();
    expect((await own.store.findOrder(created.outTradeNo))?.status).toBe("SUCCESS");
    expect(own.textAccounts).toEqual([SECOND]);
    expect(own.logs.filter((l) => l.message === "pay: order paid")).toHaveLength(1);
  });

  it("refuses (401) a notification signed with another merchant's key, on either merchant's route", async () => {
    const { env, own } = twoMerchants();
    const created = await ownOrder(own);
    const resource = own.paidTransaction(created.outTradeNo, 1990);
    // The env merchant's platform certificate signed it: unknown to the second merchant (a merchant
    // in public-key mode has no certificate list: WeChat Pay answers 404 to the one download).
    own.harness.fake.on({ method: "GET", path: "/v3/certificates", reply: { status: 404, body: JSON.stringify({ code: "NOT_FOUND", message: "无可用的平台证书" }) } });
    const byEnvKey = env.notification("TRANSACTION.SUCCESS", resource);
    expect((await own.service.notify(byEnvKey.headers, byEnvKey.body)).status).toBe(401);
    // It names the second merchant's public key id, but another key signed it.
    const forged = own.notification("TRANSACTION.SUCCESS", resource);
    const forgedHeaders = { ...signAnswer({ serial: OWN.signer.serial, privateKey: platform.privateKey }, forged.body, { timestamp: Number(forged.headers["Wechatpay-Timestamp"]) }) };
    expect((await own.service.notify(forgedHeaders, forged.body)).status).toBe(401);
    // The second merchant's genuine notification on the env merchant's route: not its key.
    const genuine = own.notification("TRANSACTION.SUCCESS", resource);
    expect((await env.service.notify(genuine.headers, genuine.body)).status).toBe(401);
    expect((await own.store.findOrder(created.outTradeNo))?.status).toBe("NOTPAY");
  });

  it("does not take its notification as payment of another merchant's order, nor one naming another mchid", async () => {
    const { env, own } = twoMerchants();
    const envOrder = await placeOrder(env);
    // Verified with the second merchant's keys, about the env merchant's order (its mchid in the resource).
    const other = own.notification("TRANSACTION.SUCCESS", own.paidTransaction(envOrder.outTradeNo, 1990, { mchid: merchant.mchid, appid: merchant.appid }));
    expect((await own.service.notify(other.headers, other.body)).status).toBe(204);
    // Its own mchid, the env merchant's order.
    const mine = own.notification("TRANSACTION.SUCCESS", own.paidTransaction(envOrder.outTradeNo, 1990, { appid: merchant.appid, transaction_id: "4200000000202406010000000002" }), { id: "EV-2" });
    expect((await own.service.notify(mine.headers, mine.body)).status).toBe(204);
    await own.drain();
    expect((await own.store.findOrder(envOrder.outTradeNo))?.status).toBe("NOTPAY");
    expect(own.texts).toEqual([]);
    expect((await own.store.timeline(envOrder.outTradeNo)).filter((e) => e.kind === "mismatch")).toHaveLength(2);
  });

  it("ignores a refund notice verified with its keys about another merchant's order", async () => {
    const { env, own } = twoMerchants();
    const envOrder = await placeOrder(env);
    await env.store.insertRefund({ outRefundNo: "R-ENV-1", outTradeNo: envOrder.outTradeNo, amount: 100, reason: null, status: "PROCESSING", createdAt: env.harness.clock.now() });
    const notice = {
      mchid: OWN.client.mchid,
      out_trade_no: envOrder.outTradeNo,
      transaction_id: "4200000000202406010000000001",
      out_refund_no: "R-ENV-1",
      refund_id: "50000000382019052709732678859",
      refund_status: "SUCCESS",
      success_time: "2024-06-01T12:02:00+08:00",
      user_received_account: "支付用户零钱",
      amount: { total: 1990, refund: 100, payer_total: 1990, payer_refund: 100 },
    };
    const n = own.notification("REFUND.SUCCESS", notice);
    expect((await own.service.notify(n.headers, n.body)).status).toBe(204);
    expect((await own.store.findRefund("R-ENV-1"))?.status).toBe("PROCESSING");
    expect(own.logs.some((l) => l.level === "error" && l.message.includes("another merchant"))).toBe(true);
  });

  it("refunds an order through the merchant it was placed with, not the one its account pays through now", async () => {
    // Account B paid through the env merchant, then got its own: the console refunds B's old
    // order through B's service (the selected account's), and the refund goes to the ENV merchant.
    const store = createMemoryPayStore();
    const before = createPayKit({ store, appId: SECOND });
    const own = createPayKit({ store, appId: SECOND, merchant: OWN });
    own.harness.clock.advance(1000);
    own.deps.orderMerchant = async (order) => (order.mchid === merchant.mchid ? { client: before.harness.client, notifyUrl: before.deps.notifyUrl } : null);
    const created = await placeOrder(before);
    const n = before.notification("TRANSACTION.SUCCESS", before.paidTransaction(created.outTradeNo, 1990));
    expect((await before.service.notify(n.headers, n.body)).status).toBe(204);
    before.harness.fake.on({
      method: "POST",
      path: "/v3/refund/domestic/refunds",
      reply: before.harness.signed(200, {
        refund_id: "50000000382019052709732678859",
        out_refund_no: "R1",
        transaction_id: "4200000000202406010000000001",
        out_trade_no: created.outTradeNo,
        channel: "ORIGINAL",
        user_received_account: "支付用户零钱",
        status: "PROCESSING",
        create_time: "2024-06-01T12:01:00+08:00",
        amount: { total: 1990, refund: 500, payer_total: 1990, payer_refund: 500, currency: "CNY" },
      }),
    });
    expect(await own.service.refund(created.outTradeNo, { amount: 500 })).toMatchObject({ status: "PROCESSING" });
    expect(own.harness.fake.requests).toEqual([]);
    const refundRequest = before.harness.fake.requests.find((r) => r.pathWithQuery === "/v3/refund/domestic/refunds");
    expect(JSON.parse(refundRequest!.body.toString())).toMatchObject({ out_trade_no: created.outTradeNo, notify_url: before.deps.notifyUrl });
    expect(refundRequest!.headers.authorization).toContain(`mchid="${merchant.mchid}"`);
  });

  it("answers 409 merchant_unavailable for an order whose merchant is no longer configured", async () => {
    const store = createMemoryPayStore();
    const before = createPayKit({ store, appId: SECOND });
    const own = createPayKit({ store, appId: SECOND, merchant: OWN });
    own.deps.orderMerchant = async () => null;
    const created = await placeOrder(before);
    const n = before.notification("TRANSACTION.SUCCESS", before.paidTransaction(created.outTradeNo, 1990));
    await before.service.notify(n.headers, n.body);
    await expect(own.service.refund(created.outTradeNo, { amount: 1 })).rejects.toMatchObject({ status: 409, error: "merchant_unavailable" });
    expect(own.harness.fake.requests).toEqual([]);
  });

  it("does not refund another account's order from this account's service (the console's selection)", async () => {
    const { env, own } = twoMerchants();
    const created = await ownOrder(own);
    const n = own.notification("TRANSACTION.SUCCESS", own.paidTransaction(created.outTradeNo, 1990));
    await own.service.notify(n.headers, n.body);
    await expect(env.service.refund(created.outTradeNo, { amount: 1 })).rejects.toMatchObject({ status: 404, error: "not_found" });
    expect(env.harness.fake.requests).toEqual([]);
    expect(own.harness.fake.requests.filter((r) => r.pathWithQuery.includes("refund"))).toEqual([]);
  });

  it("reconciles each unpaid order through its own merchant", async () => {
    const { env, own } = twoMerchants();
    const created = await ownOrder(own);
    own.harness.fake.on({ method: "GET", path: `/v3/pay/transactions/out-trade-no/${created.outTradeNo}`, reply: own.harness.signed(200, own.paidTransaction(created.outTradeNo, 1990), OWN.signer) });
    env.harness.clock.advance(120_000);
    own.harness.clock.advance(120_000);
    const report = await env.service.reconcile();
    expect(report).toMatchObject({ paid: 1, errors: 0 });
    expect(env.harness.fake.requests).toEqual([]);
    expect((await env.store.findOrder(created.outTradeNo))?.status).toBe("SUCCESS");
  });
});
