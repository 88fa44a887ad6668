import { describe, expect, it } from "vitest";
import { createPayHarness } from "../../test/support/wechatpay-client";
import { merchant, requestSignatureHolds, vector } from "../../test/support/wechatpay-fixtures";
import { WeChatPayApiError, WeChatPayValidationError, WeChatPayVerificationError } from "./errors";

const T1 = vector<{ plaintext: Record<string, unknown> }>("notification_plaintexts", "T1").plaintext;
const ORDER = { description: "测试商品", out_trade_no: "ORDER_20240601_0001", amount: { total: 1990 }, payer: { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" } };

describe("JSAPI order", () => {
  it("sends the caller's optional fields and the client's appid, mchid and notify_url", async () => {
    const h = createPayHarness();
    h.fake.on({ method: "POST", path: "/v3/pay/transactions/jsapi", reply: () => h.signed(200, { prepay_id: "wx_p" }) });
    await h.client.createJsapiOrder({ ...ORDER, time_expire: "2024-06-01T12:30:00+08:00", attach: "shop:1", notify_url: "https://other.example.com/pay/notify" });
    expect(JSON.parse(h.fake.requests[0]!.body.toString())).toMatchObject({
      appid: merchant.appid,
      mchid: merchant.mchid,
      time_expire: "2024-06-01T12:30:00+08:00",
      attach: "shop:1",
      notify_url: "https://other.example.com/pay/notify",
    });
  });
});

describe("queries", () => {
  it("by out_trade_no: GET …/out-trade-no/{no}?mchid=, the answer typed", async () => {
    const h = createPayHarness();
    h.fake.on({ method: "GET", path: `/v3/pay/transactions/out-trade-no/${T1.out_trade_no as string}`, reply: () => h.signed(200, T1) });
    const transaction = await h.client.queryOrderByOutTradeNo(T1.out_trade_no as string);
    expect(transaction).toEqual(T1);
    expect(h.fake.requests[0]!.pathWithQuery).toBe(`/v3/pay/transactions/out-trade-no/${T1.out_trade_no as string}?mchid=${merchant.mchid}`);
  });

  it("encodes `|` in the path and signs the path as sent", async () => {
    const h = createPayHarness();
    h.fake.on({ method: "GET", path: "/v3/pay/transactions/out-trade-no/A%7CB*C-1_2", reply: () => h.signed(200, { ...T1, out_trade_no: "A|B*C-1_2" }) });
    await h.client.queryOrderByOutTradeNo("A|B*C-1_2");
    expect(requestSignatureHolds(h.fake.requests[0]!)).toBe(true);
  });

  it("by transaction_id, and ORDER_NOT_EXIST as WeChat Pay's error", async () => {
    const h = createPayHarness();
    h.fake
      .on({ method: "GET", path: "/v3/pay/transactions/id/1217752501201407033233368018", reply: () => h.signed(200, T1) })
      .on({ method: "GET", path: "/v3/pay/transactions/out-trade-no/NO_SUCH_ORDER", reply: () => h.signed(404, { code: "ORDER_NOT_EXIST", message: "订单不存在" }) });
    expect((await h.client.queryOrderByTransactionId("1217752501201407033233368018")).trade_state).toBe("SUCCESS");
    const error = await h.client.queryOrderByOutTradeNo("NO_SUCH_ORDER").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatPayApiError);
    expect(error).toMatchObject({ status: 404, code: "ORDER_NOT_EXIST" });
  });

  it("checks the numbers before sending anything", async () => {
    const h = createPayHarness();
    await expect(h.client.queryOrderByOutTradeNo("12345")).rejects.toBeInstanceOf(WeChatPayValidationError);
    await expect(h.client.queryOrderByTransactionId("42000/../1")).rejects.toBeInstanceOf(WeChatPayValidationError);
    expect(h.fake.requests).toEqual([]);
  });
});

describe("close", () => {
  it("POSTs {mchid} to …/close and takes a signed 204", async () => {
    const h = createPayHarness();
    h.fake.on({ method: "POST", path: "/v3/pay/transactions/out-trade-no/ORDER_001/close", reply: () => h.signed(204) });
    await expect(h.client.closeOrder("ORDER_001")).resolves.toBeUndefined();
    expect(h.fake.requests[0]!.body.toString()).toBe(`{"mchid":"${merchant.mchid}"}`);
  });

  it("refuses an unsigned 204", async () => {
    const h = createPayHarness();
    h.fake.on({ method: "POST", path: "/v3/pay/transactions/out-trade-no/ORDER_001/close", reply: { status: 204 } });
    await expect(h.client.closeOrder("ORDER_001")).rejects.toBeInstanceOf(WeChatPayVerificationError);
  });
});
