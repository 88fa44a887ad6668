import { describe, expect, it } from "vitest";
import { describeOrder, isShopOrder, payOutcome, type ShopOrder } from "./order-view";

const order = (patch: Partial<ShopOrder>): ShopOrder => ({ outTradeNo: "P1", productId: "coffee", amount: 1990, status: "NOTPAY", refunded: 0, ...patch });

describe("the shop's order states", () => {
  it("waits while NOTPAY or USERPAYING, and stops at every final state", () => {
    expect(describeOrder(order({ status: "NOTPAY" }))).toMatchObject({ title: "待支付", waiting: true });
    expect(describeOrder(order({ status: "USERPAYING" })).waiting).toBe(true);
    for (const status of ["SUCCESS", "REFUND", "CLOSED", "PAYERROR", "REVOKED"]) expect(describeOrder(order({ status })).waiting, status).toBe(false);
  });

  it("says 支付成功, then 部分退款, then 已退款 as refunds come in", () => {
    expect(describeOrder(order({ status: "SUCCESS" })).title).toBe("支付成功");
    expect(describeOrder(order({ status: "SUCCESS", refunded: 500 })).title).toBe("部分退款");
    expect(describeOrder(order({ status: "REFUND", refunded: 1990 })).title).toBe("已退款");
    expect(describeOrder(order({ status: "CLOSED" })).title).toBe("订单已关闭");
  });

  it("checks the answer's shape before rendering it", () => {
    expect(isShopOrder(order({}))).toBe(true);
    expect(isShopOrder({ outTradeNo: "P1", amount: "1990", status: "NOTPAY", refunded: 0 })).toBe(false);
    expect(isShopOrder(null)).toBe(false);
  });

  it("reads the bridge's answers, keeping the simulator's reason for a failure", () => {
    expect(payOutcome({ err_msg: "get_brand_wcpay_request:ok" })).toEqual({ kind: "ok" });
    expect(payOutcome({ err_msg: "get_brand_wcpay_request:cancel" })).toEqual({ kind: "cancel" });
    expect(payOutcome({ err_msg: "get_brand_wcpay_request:fail", err_desc: "paySign 不正确" })).toEqual({ kind: "fail", reason: "paySign 不正确" });
    expect(payOutcome({ err_msg: "get_brand_wcpay_request:fail" })).toEqual({ kind: "fail", reason: "get_brand_wcpay_request:fail" });
    expect(payOutcome(undefined)).toEqual({ kind: "fail", reason: "未知原因" });
  });
});
