/**
 * The PayStore contract's refunds (pay-store-contract.ts runs them on every store): a refund's
 * success counted into its order once, other ends only from PROCESSING, two refunds of one order
 * finishing at once both counted.
 */
import { expect, it } from "vitest";
import { id, order, type Fresh } from "./pay-store-fixtures";

export function refundContract(fresh: Fresh): void {
  it("adds a successful refund to the order once, and makes a fully refunded order REFUND", async () => {
    const store = await fresh();
    const o = order({ amount: 1000 });
    await store.insertOrder(o);
    await store.markPaid(o.outTradeNo, ["NOTPAY"], { transactionId: "4200", paidAt: Date.now() });
    const [r1, r2] = [id("R"), id("R")];
    await store.insertRefund({ outRefundNo: r1, outTradeNo: o.outTradeNo, amount: 300, reason: "部分", status: "PROCESSING", createdAt: 1 });
    await store.insertRefund({ outRefundNo: r2, outTradeNo: o.outTradeNo, amount: 700, reason: null, status: "PROCESSING", createdAt: 2 });
    const first = await Promise.all([1, 2, 3, 4].map(() => store.finishRefund(r1, { status: "SUCCESS", refundId: "5030", finishedAt: 10 })));
    expect(first.filter(Boolean)).toHaveLength(1);
    expect(await store.findOrder(o.outTradeNo)).toMatchObject({ status: "SUCCESS", refunded: 300 });
    expect(await store.finishRefund(r2, { status: "SUCCESS", finishedAt: 11 })).toBe(true);
    expect(await store.finishRefund(r2, { status: "SUCCESS", finishedAt: 12 })).toBe(false);
    expect(await store.findOrder(o.outTradeNo)).toMatchObject({ status: "REFUND", refunded: 1000 });
    expect(await store.listRefunds(o.outTradeNo)).toEqual([
      { outRefundNo: r1, outTradeNo: o.outTradeNo, amount: 300, reason: "部分", status: "SUCCESS", refundId: "5030", createdAt: 1, finishedAt: 10 },
      { outRefundNo: r2, outTradeNo: o.outTradeNo, amount: 700, reason: null, status: "SUCCESS", refundId: null, createdAt: 2, finishedAt: 11 },
    ]);
  });

  it("ends a refund otherwise only from PROCESSING, without touching the order", async () => {
    const store = await fresh();
    const o = order({ amount: 500 });
    await store.insertOrder(o);
    await store.markPaid(o.outTradeNo, ["NOTPAY"], { transactionId: "4200", paidAt: Date.now() });
    const r = id("R");
    const before = Date.UTC(2031, 0, 1);
    await store.insertRefund({ outRefundNo: r, outTradeNo: o.outTradeNo, amount: 500, reason: null, status: "PROCESSING", createdAt: before - 10 });
    expect((await store.pendingRefunds(before, 10_000)).map((x) => x.outRefundNo)).toContain(r);
    expect(await store.finishRefund(r, { status: "ABNORMAL", finishedAt: 5 })).toBe(true);
    expect(await store.finishRefund(r, { status: "CLOSED", finishedAt: 6 })).toBe(false);
    expect((await store.pendingRefunds(before, 10_000)).map((x) => x.outRefundNo)).not.toContain(r);
    expect(await store.findOrder(o.outTradeNo)).toMatchObject({ status: "SUCCESS", refunded: 0 });
    expect(await store.findRefund(r)).toMatchObject({ status: "ABNORMAL", finishedAt: 5 });
    expect(await store.finishRefund(id("R"), { status: "SUCCESS", finishedAt: 1 })).toBe(false);
  });

  it("counts two refunds of one order finishing at once, both (30 orders at once, so the race is run)", async () => {
    // On PostgreSQL the second recompute of `refunded` could read a snapshot from before the first
    // committed and lose a refund, unless the order's row is locked first.
    const store = await fresh();
    const one = async () => {
      const o = order();
      await store.insertOrder(o);
      await store.markPaid(o.outTradeNo, ["NOTPAY"], { transactionId: "4201", paidAt: Date.now() });
      // Fulfilled, so these orders do not crowd other tests' unfulfilled ones out of a shared database.
      await store.completeFulfilment(o.outTradeNo, Date.now());
      const [a, b] = [id("R"), id("R")];
      await store.insertRefund({ outRefundNo: a, outTradeNo: o.outTradeNo, amount: 990, reason: null, status: "PROCESSING", createdAt: 1 });
      await store.insertRefund({ outRefundNo: b, outTradeNo: o.outTradeNo, amount: 1000, reason: null, status: "PROCESSING", createdAt: 1 });
      const ends = await Promise.all([
        store.finishRefund(a, { status: "SUCCESS", refundId: "50a", finishedAt: 2 }),
        store.finishRefund(b, { status: "SUCCESS", refundId: "50b", finishedAt: 2 }),
        store.finishRefund(a, { status: "SUCCESS", refundId: "50a", finishedAt: 3 }),
      ]);
      return { made: ends.filter(Boolean).length, order: await store.findOrder(o.outTradeNo) };
    };
    for (const { made, order: o } of await Promise.all(Array.from({ length: 30 }, one))) {
      expect(made).toBe(2);
      expect(o).toMatchObject({ refunded: 1990, status: "REFUND" });
    }
  });
}
