import { createPublicKey, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { APIV3_KEY, certificateListBody, merchant, platform, requestSignatureHolds } from "@/test/support/wechatpay-fixtures";
import { isPayRequestError } from "./request-error";
import { createMemoryPayStore } from "./memory-store";
import type { PayStore } from "./store";
import { BUYER, createPayKit, NOTIFY_URL, type PayKit } from "./testing/pay-test-kit";

const PREPAY = "wx201410272009395522657a690389285100";

async function placeOrder(kit: PayKit, productId = "coffee") {
  kit.harness.fake.on({ method: "POST", path: "/v3/pay/transactions/jsapi", reply: kit.harness.signed(200, { prepay_id: PREPAY }) });
  return kit.service.createOrder(BUYER, productId);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("creating an order", () => {
  it("charges the catalogue's price to the session's buyer, and signs getBrandWCPayRequest's parameters", async () => {
    const kit = createPayKit();
    const created = await placeOrder(kit, "beans");
    expect(created.amount).toBe(6800);
    const [req] = kit.harness.fake.requests;
    expect(requestSignatureHolds(req!)).toBe(true);
    expect(JSON.parse(req!.body.toString())).toMatchObject({
      appid: merchant.appid,
      mchid: merchant.mchid,
      description: "咖啡豆 250g",
      out_trade_no: created.outTradeNo,
      notify_url: NOTIFY_URL,
      amount: { total: 6800, currency: "CNY" },
      payer: { openid: BUYER },
      time_expire: "2024-06-01T12:30:00+08:00",
    });
    const p = created.payParams;
    expect(p).toMatchObject({ appId: merchant.appid, package: `prepay_id=${PREPAY}`, signType: "RSA" });
    const message = `${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`;
    expect(verify("sha256", Buffer.from(message), merchant.certificate.publicKey, Buffer.from(p.paySign, "base64"))).toBe(true);
    kit.harness.fake.on({ method: "GET", path: `/v3/pay/transactions/out-trade-no/${created.outTradeNo}`, reply: kit.harness.signed(200, { ...kit.paidTransaction(created.outTradeNo, 6800), trade_state: "NOTPAY", transaction_id: undefined }) });
    expect(await kit.service.getOrder(created.outTradeNo, BUYER)).toMatchObject({ status: "NOTPAY", amount: 6800, productId: "beans", productName: "咖啡豆 250g", refunded: 0 });
    expect((await kit.store.timeline(created.outTradeNo)).map((e) => e.kind)).toEqual(["created"]);
  });

  it("refuses an unknown product without calling WeChat Pay", async () => {
    const kit = createPayKit();
    for (const productId of ["nope", 42, undefined, "__proto__"]) {
      const error = await rejection(kit.service.createOrder(BUYER, productId));
      expect(isPayRequestError(error) && error.status === 400 && error.error === "unknown_product").toBe(true);
    }
    expect(kit.harness.fake.requests).toEqual([]);
  });

  it("never uses an answer whose signature does not verify", async () => {
    const kit = createPayKit();
    const reply = kit.harness.signed(200, { prepay_id: PREPAY });
    kit.harness.fake.on({ method: "POST", path: "/v3/pay/transactions/jsapi", reply: { ...reply, body: JSON.stringify({ prepay_id: "wx_forged" }) } });
    const error = await rejection(kit.service.createOrder(BUYER, "coffee"));
    expect((error as { kind?: string }).kind).toBe("verification");
  });
});

describe("a payment notification", () => {
  async function paidOrder(kit: PayKit) {
    const { outTradeNo, amount } = await placeOrder(kit);
    return { outTradeNo, amount, n: kit.notification("TRANSACTION.SUCCESS", kit.paidTransaction(outTradeNo, amount)) };
  }

  it("takes effect once however often and concurrently it comes: SUCCESS, one text naming product and amount", async () => {
    const kit = createPayKit();
    const { outTradeNo, n } = await paidOrder(kit);
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => kit.service.notify(n.headers, n.body)));
    expect(answers.map((a) => a.status)).toEqual([204, 204, 204, 204, 204]);
    expect(kit.texts).toEqual([]); // not on the reply path
    await kit.drain();
    expect(await kit.service.getOrder(outTradeNo, BUYER)).toMatchObject({ status: "SUCCESS", transactionId: "4200000000202406010000000001", paidAt: "2024-06-01T04:00:05.000Z" });
    expect(kit.texts).toEqual([{ openid: BUYER, text: expect.stringMatching(/手冲咖啡.*¥19\.90/) }]);
    expect((await kit.service.orderDetail(outTradeNo)).timeline.map((e) => e.kind)).toEqual(["created", "notified", "paid", "fulfilled"]);
    const again = await kit.service.notify(n.headers, n.body);
    await kit.drain();
    expect(again.status).toBe(204);
    expect(kit.texts).toHaveLength(1);
  });

  it.each([
    ["forged (signed by another key)", (k: PayKit, n: { headers: Record<string, string>; body: Buffer }) => ({ ...n, headers: { ...n.headers, "Wechatpay-Signature": Buffer.alloc(256, 7).toString("base64") } }), 401],
    ["a WECHATPAY/SIGNTEST/ probe", (_k: PayKit, n: { headers: Record<string, string>; body: Buffer }) => ({ ...n, headers: { ...n.headers, "Wechatpay-Signature": "WECHATPAY/SIGNTEST/" + n.headers["Wechatpay-Signature"] } }), 401],
    ["stale (6 minutes old)", (k: PayKit, n: { headers: Record<string, string>; body: Buffer }) => (k.harness.clock.advance(6 * 60_000), n), 401],
    ["tampered after signing", (_k: PayKit, n: { headers: Record<string, string>; body: Buffer }) => ({ ...n, body: Buffer.from(n.body.toString().replace("EV-1", "EV-2")) }), 401],
  ])("%s changes nothing and gets %s {code: FAIL}", async (_name, spoil, status) => {
    const kit = createPayKit();
    const { outTradeNo, n } = await paidOrder(kit);
    const bad = spoil(kit, n);
    const answer = await kit.service.notify(bad.headers, bad.body);
    expect(answer).toEqual({ status, body: { code: "FAIL", message: expect.any(String) } });
    await kit.drain();
    expect((await kit.store.findOrder(outTradeNo))?.status).toBe("NOTPAY");
    expect(kit.texts).toEqual([]);
  });

  it("refuses a resource that does not decrypt (400) and a body over 64 KiB before reading it (413)", async () => {
    const kit = createPayKit();
    const { outTradeNo } = await placeOrder(kit);
    const sealed = JSON.parse(kit.notification("TRANSACTION.SUCCESS", kit.paidTransaction(outTradeNo, 1990)).body.toString());
    sealed.resource.ciphertext = Buffer.from("not the real ciphertext, but long enough").toString("base64");
    const body = Buffer.from(JSON.stringify(sealed));
    const n = kit.notification("TRANSACTION.SUCCESS", {});
    const { signAnswer } = await import("@/test/support/wechatpay-fixtures");
    const headers = signAnswer(platform, body, { timestamp: Math.floor(kit.harness.clock.now() / 1000) });
    expect((await kit.service.notify(headers, body)).status).toBe(400);
    expect(await kit.service.notify(n.headers, null)).toEqual({ status: 413, body: { code: "FAIL", message: expect.stringContaining("65536") } });
    expect((await kit.store.findOrder(outTradeNo))?.status).toBe("NOTPAY");
  });

  it.each([
    ["amount", { amount: { total: 1, payer_total: 1, currency: "CNY" } }],
    ["appid", { appid: "wx0000000000000bad" }],
    ["mchid", { mchid: "1900000001" }],
  ])("with the wrong %s is not taken as payment, and is logged loudly", async (field, over) => {
    const kit = createPayKit();
    const { outTradeNo } = await placeOrder(kit);
    const n = kit.notification("TRANSACTION.SUCCESS", kit.paidTransaction(outTradeNo, 1990, over));
    expect((await kit.service.notify(n.headers, n.body)).status).toBe(204);
    await kit.drain();
    expect((await kit.store.findOrder(outTradeNo))?.status).toBe("NOTPAY");
    expect(kit.texts).toEqual([]);
    expect(kit.logs.find((l) => l.level === "error")?.fields).toMatchObject({ outTradeNo, problem: expect.stringContaining(field) });
    expect((await kit.store.timeline(outTradeNo)).map((e) => e.kind)).toContain("mismatch");
  });

  it("answers 500 while the database is down, and the retry later takes effect once", async () => {
    const real = createMemoryPayStore();
    let down = false;
    const flaky = new Proxy(real, {
      get: (target, key) => (...args: unknown[]) => (down ? Promise.reject(new Error("connect ECONNREFUSED")) : (Reflect.get(target, key) as (...a: unknown[]) => unknown).apply(target, args)),
    }) as PayStore;
    const kit = createPayKit({ store: flaky });
    const { outTradeNo, n } = await paidOrder(kit);
    down = true;
    expect(await kit.service.notify(n.headers, n.body)).toEqual({ status: 500, body: { code: "FAIL", message: "temporarily unavailable" } });
    down = false;
    expect((await real.findOrder(outTradeNo))?.status).toBe("NOTPAY");
    expect((await kit.service.notify(n.headers, n.body)).status).toBe(204);
    expect((await kit.service.notify(n.headers, n.body)).status).toBe(204);
    await kit.drain();
    expect((await real.findOrder(outTradeNo))?.status).toBe("SUCCESS");
    expect(kit.texts).toHaveLength(1);
  });

  it("never writes the private key or the APIv3 key to a log line or an answer", async () => {
    const kit = createPayKit();
    const { n } = await paidOrder(kit);
    // An unknown serial: the certificates are downloaded once, and it is still unknown.
    kit.harness.fake.on({ method: "GET", path: "/v3/certificates", reply: kit.harness.signed(200, JSON.parse(certificateListBody(APIV3_KEY, [{ serial: platform.serial, pem: platform.certificatePem }]))) });
    const answers = [await kit.service.notify(n.headers, n.body), await kit.service.notify({ ...n.headers, "Wechatpay-Serial": "0".repeat(40) }, n.body)];
    expect(answers.map((a) => a.status)).toEqual([204, 401]);
    const everything = JSON.stringify({ logs: kit.logs, answers });
    expect(everything).not.toContain(APIV3_KEY);
    const keyBody = merchant.privateKeyPem.split("\n")[1]!;
    expect(everything).not.toContain(keyBody);
    expect(createPublicKey(merchant.privateKeyPem)).toBeTruthy();
  });
});
