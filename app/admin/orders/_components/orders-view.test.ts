import { describe, expect, it } from "vitest";
import { checkRefundAmount, dayLabel, orderStatusLabel, refundStatusLabel, timelineText } from "./orders-view";

describe("the console's 订单 screen", () => {
  it("checks a refund against what is left, as the server does", () => {
    expect(checkRefundAmount("5", 1990)).toEqual({ ok: true, fen: 500 });
    expect(checkRefundAmount("19.90", 1990)).toEqual({ ok: true, fen: 1990 });
    expect(checkRefundAmount("19.91", 1990)).toEqual({ ok: false, message: "超过可退金额：最多可退 ¥19.90。" });
    expect(checkRefundAmount("0", 1990)).toMatchObject({ ok: false, message: "退款金额需大于 0。" });
    expect(checkRefundAmount("0.001", 1990).ok).toBe(false);
    expect(checkRefundAmount("-1", 1990).ok).toBe(false);
    expect(checkRefundAmount("", 1990)).toMatchObject({ ok: false, message: "请填写退款金额。" });
    expect(checkRefundAmount("1", 0)).toMatchObject({ ok: false, message: "这笔订单已没有可退金额。" });
  });

  it("tells a partial refund from a full one", () => {
    expect(orderStatusLabel({ status: "SUCCESS", refunded: 0, amount: 1990 }).text).toBe("已支付");
    expect(orderStatusLabel({ status: "SUCCESS", refunded: 500, amount: 1990 }).text).toBe("部分退款");
    expect(orderStatusLabel({ status: "REFUND", refunded: 1990, amount: 1990 }).text).toBe("已全额退款");
    expect(orderStatusLabel({ status: "NOTPAY", refunded: 0, amount: 1990 }).text).toBe("待支付");
    expect(orderStatusLabel({ status: "SOMETHING_NEW", refunded: 0, amount: 1 }).text).toBe("SOMETHING_NEW");
    expect(refundStatusLabel("PROCESSING").text).toBe("处理中");
    expect(refundStatusLabel("FAILED").text).toBe("被拒绝");
  });

  it("reads the timeline in Chinese, amounts in yuan", () => {
    expect(timelineText({ kind: "paid", at: "", detail: "notify" })).toEqual({ title: "支付成功", detail: "由支付通知确认" });
    expect(timelineText({ kind: "notified", at: "", detail: "TRANSACTION.SUCCESS" }).detail).toBe("支付成功通知");
    expect(timelineText({ kind: "refund_requested", at: "", detail: "500" }).detail).toBe("¥5.00");
    expect(timelineText({ kind: "refund_failed", at: "", detail: "NOT_ENOUGH" }).detail).toBe("NOT_ENOUGH");
    expect(timelineText({ kind: "closed", at: "", detail: "expired" }).detail).toBe("超时未支付");
    expect(dayLabel("2026-12-06")).toBe("12月6日");
  });
});
