import { describe, expect, it } from "vitest";
import { authorizationFields, merchant, platform, requestSignatureHolds } from "../../test/support/wechatpay-fixtures";
import { createPayHarness } from "../../test/support/wechatpay-client";
import { WeChatPayApiError, WeChatPayHttpError, WeChatPayTimeoutError, WeChatPayVerificationError } from "./errors";
import { requestWeChatPay } from "./http";
import { loadMerchantPrivateKey } from "./keys";

const ORDER = {
  description: "测试商品-Image形象店",
  out_trade_no: "1217752501201407033233368018",
  amount: { total: 100 },
  payer: { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
};
const JSAPI = "/v3/pay/transactions/jsapi";
const systemError = { code: "SYSTEM_ERROR", message: "系统繁忙，请稍后重试" };

describe("a signed request", () => {
  it("sends the body it signed, with the headers WeChat Pay requires", async () => {
    const h = createPayHarness();
    h.fake.on({ method: "POST", path: JSAPI, reply: () => h.signed(200, { prepay_id: "wx201410272009395522657a690389285100" }) });
    expect(await h.client.createJsapiOrder(ORDER)).toEqual({ prepay_id: "wx201410272009395522657a690389285100" });
    const [req] = h.fake.requests;
    expect(req!.pathWithQuery).toBe(JSAPI);
    expect(requestSignatureHolds(req!)).toBe(true);
    expect(JSON.parse(req!.body.toString("utf8"))).toEqual({
      appid: merchant.appid,
      mchid: merchant.mchid,
      description: ORDER.description,
      out_trade_no: ORDER.out_trade_no,
      notify_url: "https://shop.example.com/api/pay/notify",
      amount: { total: 100, currency: "CNY" },
      payer: { openid: ORDER.payer.openid },
    });
    expect(req!.headers).toMatchObject({ "content-type": "application/json", accept: "application/json" });
    expect(req!.headers["user-agent"]).toMatch(/\S/);
    expect(authorizationFields(req!.headers.authorization)).toMatchObject({ mchid: merchant.mchid, serial_no: merchant.serialNo, timestamp: String(Math.floor(h.clock.now() / 1000)) });
    expect(req!.headers["wechatpay-serial"]).toBeUndefined();
  });

  it("signs the query and a base URL's path prefix as sent", async () => {
    const h = createPayHarness({ http: { baseUrl: "http://127.0.0.1:4010/pay/" } });
    h.fake.on({ method: "GET", path: "/pay/v3/pay/transactions/id/4200000001", reply: () => h.signed(200, { appid: merchant.appid, mchid: merchant.mchid, out_trade_no: "ORDER_001", trade_state: "NOTPAY" }) });
    await h.client.queryOrderByTransactionId("4200000001");
    expect(h.fake.requests[0]!.pathWithQuery).toBe(`/pay/v3/pay/transactions/id/4200000001?mchid=${merchant.mchid}`);
    expect(requestSignatureHolds(h.fake.requests[0]!)).toBe(true);
  });
});

describe("retries", () => {
  it("retries SYSTEM_ERROR with backoff, resending the identical body under a new signature", async () => {
    const h = createPayHarness();
    h.fake.on({ method: "POST", path: JSAPI, times: 3, reply: (_req, n) => (n < 3 ? h.signed(500, systemError) : h.signed(200, { prepay_id: "wx2" })) });
    expect(await h.client.createJsapiOrder(ORDER)).toEqual({ prepay_id: "wx2" });
    const bodies = h.fake.requests.map((r) => r.body.toString("hex"));
    expect(new Set(bodies).size).toBe(1);
    const nonces = h.fake.requests.map((r) => authorizationFields(r.headers.authorization).nonce_str);
    expect(new Set(nonces).size).toBe(3);
    expect(h.fake.requests.every(requestSignatureHolds)).toBe(true);
    expect(h.clock.sleeps).toHaveLength(2);
    expect(h.clock.sleeps[0]).toBeGreaterThanOrEqual(200);
    expect(h.clock.sleeps[1]).toBeGreaterThanOrEqual(400);
  });

  it("retries a refund after 429 with the same out_refund_no and body", async () => {
    const h = createPayHarness();
    const refund = { refund_id: "50000000382019052709732678859", out_refund_no: "R_1217752501", transaction_id: "4200000001", out_trade_no: "ORDER_001", status: "PROCESSING", amount: { total: 100, refund: 30 } };
    h.fake.on({ method: "POST", path: "/v3/refund/domestic/refunds", times: 2, reply: (_r, n) => (n === 1 ? h.signed(429, { code: "FREQUENCY_LIMITED", message: "频率超限" }) : h.signed(200, refund)) });
    const result = await h.client.createRefund({ out_trade_no: "ORDER_001", out_refund_no: "R_1217752501", amount: { refund: 30, total: 100, currency: "CNY" } });
    expect(result.status).toBe("PROCESSING");
    expect(h.fake.requests[0]!.body.equals(h.fake.requests[1]!.body)).toBe(true);
  });

  it("does not retry PARAM_ERROR, and keeps WeChat Pay's code, message and detail", async () => {
    const h = createPayHarness();
    const detail = { field: "/amount/total", value: 0, issue: "Invalid value", location: "body" };
    h.fake.on({ method: "POST", path: JSAPI, reply: () => h.signed(400, { code: "PARAM_ERROR", message: "参数错误", detail }) });
    const error = await h.client.createJsapiOrder(ORDER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatPayApiError);
    expect(error).toMatchObject({ status: 400, code: "PARAM_ERROR", apiMessage: "参数错误", detail, verified: true, endpoint: JSAPI });
    expect(h.fake.requests).toHaveLength(1);
  });

  it("gives up after maxRetries and reports the last SYSTEM_ERROR", async () => {
    const h = createPayHarness({ http: { maxRetries: 2 } });
    h.fake.on({ method: "GET", path: "/v3/pay/transactions/out-trade-no/ORDER_001", times: 3, reply: () => h.signed(500, systemError) });
    await expect(h.client.queryOrderByOutTradeNo("ORDER_001")).rejects.toMatchObject({ code: "SYSTEM_ERROR", status: 500 });
    expect(h.fake.requests).toHaveLength(3);
  });

  it("retries a timed-out order once with the same body; a second timeout is an error", async () => {
    const h = createPayHarness({ http: { timeoutMs: 30 } });
    h.fake.on({ method: "POST", path: JSAPI, reply: "hang" }).on({ method: "POST", path: JSAPI, reply: () => h.signed(200, { prepay_id: "wx3" }) });
    expect(await h.client.createJsapiOrder(ORDER)).toEqual({ prepay_id: "wx3" });
    expect(h.fake.requests[0]!.body.equals(h.fake.requests[1]!.body)).toBe(true);

    const h2 = createPayHarness({ http: { timeoutMs: 30 } });
    h2.fake.on({ method: "POST", path: JSAPI, reply: "hang", times: 2 });
    await expect(h2.client.createJsapiOrder(ORDER)).rejects.toBeInstanceOf(WeChatPayTimeoutError);
  });

  it("never repeats a POST not marked idempotent: not after SYSTEM_ERROR, not after a timeout", async () => {
    const h = createPayHarness({ http: { timeoutMs: 30 } });
    h.fake.on({ method: "POST", path: "/v3/example/transfer", reply: () => h.signed(500, systemError) }).on({ method: "POST", path: "/v3/example/transfer", reply: "hang" });
    const merchantInfo = { mchid: merchant.mchid, serialNo: merchant.serialNo, privateKey: loadMerchantPrivateKey(merchant.privateKeyPem) };
    const verify = async () => ({ ok: true as const, serial: platform.serial, mode: "certificate" as const });
    const http = { fetch: h.fake.fetch, clock: h.clock.now, sleep: h.clock.sleep, timeoutMs: 30 };
    const req = { method: "POST" as const, path: "/v3/example/transfer", body: { amount: 1 }, idempotent: false };
    await expect(requestWeChatPay(http, merchantInfo, verify, req)).rejects.toMatchObject({ code: "SYSTEM_ERROR" });
    await expect(requestWeChatPay(http, merchantInfo, verify, req)).rejects.toBeInstanceOf(WeChatPayTimeoutError);
    expect(h.fake.requests).toHaveLength(2);
  });

  it("retries a proxy's 502 like SYSTEM_ERROR; retries a network failure once, then reports HTTP status 0", async () => {
    const h = createPayHarness();
    h.fake.on({ method: "GET", path: "/v3/refund/domestic/refunds/R_1", reply: { status: 502, body: "<html>Bad Gateway</html>" }, times: 4 });
    await expect(h.client.queryRefund("R_1")).rejects.toMatchObject({ status: 502 });
    expect(h.fake.requests).toHaveLength(4);
    const h2 = createPayHarness();
    h2.fake.on({ method: "GET", path: "/v3/refund/domestic/refunds/R_2", reply: "network", times: 2 });
    await expect(h2.client.queryRefund("R_2")).rejects.toMatchObject({ status: 0, name: "WeChatPayHttpError" });
    expect(h2.fake.requests).toHaveLength(2); // the first attempt, then one retry: both unanswered
  });
});

describe("an answer that fails verification is never used", () => {
  it("refuses a 200 whose body was changed after signing, without retrying", async () => {
    const h = createPayHarness();
    h.fake.on({ method: "POST", path: JSAPI, reply: () => ({ ...h.signed(200, { prepay_id: "wx_genuine" }), body: JSON.stringify({ prepay_id: "wx_forged" }) }) });
    await expect(h.client.createJsapiOrder(ORDER)).rejects.toMatchObject({ name: "WeChatPayVerificationError", reason: "bad_signature" });
    expect(h.fake.requests).toHaveLength(1);
  });

  it("refuses a 200 without signature headers", async () => {
    const h = createPayHarness();
    h.fake.on({ method: "POST", path: JSAPI, reply: { status: 200, body: JSON.stringify({ prepay_id: "wx_unsigned" }) } });
    const error = await h.client.createJsapiOrder(ORDER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatPayVerificationError);
    expect(error).toMatchObject({ reason: "missing_headers" });
  });

  it("reports an unsigned error answer (WeChat Pay refused our signature) as unverified", async () => {
    const h = createPayHarness();
    h.fake.on({ method: "GET", path: "/v3/pay/transactions/out-trade-no/ORDER_001", reply: { status: 401, body: JSON.stringify({ code: "SIGN_ERROR", message: "签名错误" }) } });
    await expect(h.client.queryOrderByOutTradeNo("ORDER_001")).rejects.toMatchObject({ code: "SIGN_ERROR", verified: false });
  });

  it("refuses a signed error answer whose signature does not hold", async () => {
    const h = createPayHarness();
    h.fake.on({ method: "GET", path: "/v3/pay/transactions/out-trade-no/ORDER_001", reply: () => ({ ...h.signed(404, { code: "ORDER_NOT_EXIST", message: "订单不存在" }), body: '{"code":"ORDERPAID","message":"x"}' }) });
    await expect(h.client.queryOrderByOutTradeNo("ORDER_001")).rejects.toBeInstanceOf(WeChatPayVerificationError);
  });

  it("reports a verified 2xx that lacks what the call needs as an HTTP error", async () => {
    const h = createPayHarness();
    h.fake.on({ method: "POST", path: JSAPI, reply: () => h.signed(200, { something: "else" }) });
    const error = await h.client.createJsapiOrder(ORDER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatPayHttpError);
    expect(error).toMatchObject({ status: 200 });
  });
});
