import { describe, expect, it } from "vitest";
import { createPayHarness } from "../../test/support/wechatpay-client";
import { requestSignatureHolds } from "../../test/support/wechatpay-fixtures";
import { WeChatPayValidationError } from "./errors";

const REFUND = {
  refund_id: "50000000382019052709732678859",
  out_refund_no: "R@1217752501",
  transaction_id: "1217752501201407033233368018",
  out_trade_no: "1217752501201407033233368018",
  channel: "ORIGINAL",
  user_received_account: "招商银行信用卡0403",
  create_time: "2020-12-01T16:18:12+08:00",
  status: "PROCESSING",
  amount: { total: 100, refund: 30, payer_total: 100, payer_refund: 30, settlement_refund: 30, settlement_total: 100, discount_refund: 0, currency: "CNY" },
};

describe("refunds", () => {
  it("creates one by out_trade_no, in the documentation's shape", async () => {
    const h = createPayHarness();
    h.fake.on({ method: "POST", path: "/v3/refund/domestic/refunds", reply: () => h.signed(200, REFUND) });
    const refund = await h.client.createRefund({ out_trade_no: REFUND.out_trade_no, out_refund_no: REFUND.out_refund_no, reason: "商品已售完", amount: { refund: 30, total: 100, currency: "CNY" } });
    expect(refund).toEqual(REFUND);
    expect(JSON.parse(h.fake.requests[0]!.body.toString())).toEqual({
      out_trade_no: REFUND.out_trade_no,
      out_refund_no: REFUND.out_refund_no,
      reason: "商品已售完",
      amount: { refund: 30, total: 100, currency: "CNY" },
    });
  });

  it("creates one by transaction_id", async () => {
    const h = createPayHarness();
    h.fake.on({ method: "POST", path: "/v3/refund/domestic/refunds", reply: () => h.signed(200, REFUND) });
    await h.client.createRefund({ transaction_id: REFUND.transaction_id, out_refund_no: "R2", amount: { refund: 100, total: 100, currency: "CNY" } });
    expect(JSON.parse(h.fake.requests[0]!.body.toString())).toMatchObject({ transaction_id: REFUND.transaction_id });
  });

  it("queries one by out_refund_no (encoded in the path, signed as sent)", async () => {
    const h = createPayHarness();
    h.fake.on({ method: "GET", path: "/v3/refund/domestic/refunds/R%401217752501", reply: () => h.signed(200, { ...REFUND, status: "SUCCESS", success_time: "2020-12-01T16:18:12+08:00" }) });
    expect((await h.client.queryRefund("R@1217752501")).status).toBe("SUCCESS");
    expect(requestSignatureHolds(h.fake.requests[0]!)).toBe(true);
  });

  it("checks the request before sending: one key, refund ≤ total, a short reason, fen", async () => {
    const h = createPayHarness();
    const ok = { out_trade_no: "ORDER_001", out_refund_no: "R1", amount: { refund: 10, total: 100, currency: "CNY" as const } };
    const bad: [string, unknown][] = [
      ["out_trade_no", { ...ok, transaction_id: "4200000001" }],
      ["out_trade_no", { out_refund_no: "R1", amount: ok.amount }],
      ["amount.refund", { ...ok, amount: { ...ok.amount, refund: 101 } }],
      ["amount.refund", { ...ok, amount: { ...ok.amount, refund: 0 } }],
      ["amount.total", { ...ok, amount: { ...ok.amount, total: 99.5 } }],
      ["amount.currency", { ...ok, amount: { ...ok.amount, currency: "USD" } }],
      ["reason", { ...ok, reason: "退".repeat(81) }],
      ["out_refund_no", { ...ok, out_refund_no: "R 1" }],
      ["notify_url", { ...ok, notify_url: "https://shop.example.com/notify?x=1" }],
    ];
    for (const [field, input] of bad) {
      const error = await h.client.createRefund(input as never).catch((e: unknown) => e);
      expect(error, field).toBeInstanceOf(WeChatPayValidationError);
      expect((error as WeChatPayValidationError).field).toBe(field);
    }
    expect(h.fake.requests).toEqual([]);
  });
});
