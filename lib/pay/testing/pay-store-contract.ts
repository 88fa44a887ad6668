/**
 * Behaviour every PayStore must have (memory, SQLite, PostgreSQL). Each test uses its own random
 * order numbers; listing tests use a time window of their own, so a shared database needs no cleanup.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { NewOrder, PayStore } from "../store";

type Fresh = () => Promise<PayStore>;

const id = (prefix = "T"): string => `${prefix}${randomBytes(10).toString("hex")}`;
/** A time window no other test uses: ten days starting at a random hour of 2030–2040. */
const windowStart = (): number => Date.UTC(2030, 0, 1) + Math.floor(Math.random() * 87_000) * 3_600_000;

function order(over: Partial<NewOrder> = {}): NewOrder {
  const createdAt = over.createdAt ?? Date.now();
  return { outTradeNo: id(), appId: "wx1", mchid: "1230000109", productId: "coffee", description: "手冲咖啡", amount: 1990, openid: "o-buyer", expiresAt: createdAt + 900_000, createdAt, ...over };
}

function orders(fresh: Fresh): void {
  it("keeps a new order as NOTPAY with nothing paid or refunded, and its prepay_id", async () => {
    const store = await fresh();
    const o = order();
    await store.insertOrder(o);
    await store.setPrepayId(o.outTradeNo, "wx201410272009395522657a690389285100");
    expect(await store.findOrder(o.outTradeNo)).toEqual({
      ...o,
      status: "NOTPAY",
      transactionId: null,
      paidAt: null,
      refunded: 0,
      prepayId: "wx201410272009395522657a690389285100",
      lastQueriedAt: null,
      fulfilmentSentAt: null,
    });
    expect(await store.findOrder(id())).toBeNull();
    await expect(store.insertOrder(o)).rejects.toThrow();
  });

  it("applies a payment once, however many callers race for it", async () => {
    const store = await fresh();
    const o = order();
    await store.insertOrder(o);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.markPaid(o.outTradeNo, ["NOTPAY", "CLOSED"], { transactionId: `42000${i}`, paidAt: 1_700_000_000_000 + i })));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(await store.findOrder(o.outTradeNo)).toMatchObject({ status: "SUCCESS", transactionId: `42000${winner}`, paidAt: 1_700_000_000_000 + winner });
    expect(await store.markPaid(o.outTradeNo, ["NOTPAY"], { transactionId: "x", paidAt: 1 })).toBe(false);
    expect(await store.changeStatus(o.outTradeNo, ["NOTPAY"], "CLOSED")).toBe(false);
    expect((await store.findOrder(o.outTradeNo))?.status).toBe("SUCCESS");
  });

  it("changes status only from the states named", async () => {
    const store = await fresh();
    const o = order();
    await store.insertOrder(o);
    expect(await store.changeStatus(o.outTradeNo, ["SUCCESS"], "REFUND")).toBe(false);
    expect(await store.changeStatus(o.outTradeNo, ["NOTPAY"], "CLOSED")).toBe(true);
    expect(await store.changeStatus(o.outTradeNo, ["NOTPAY"], "CLOSED")).toBe(false);
    expect(await store.changeStatus(id(), ["NOTPAY"], "CLOSED")).toBe(false);
  });

  it("lets one caller query a NOTPAY order per interval, and none once it is paid", async () => {
    const store = await fresh();
    const o = order();
    await store.insertOrder(o);
    const t = 1_800_000_000_000;
    const first = await Promise.all([1, 2, 3, 4].map(() => store.claimQuery(o.outTradeNo, t, 5000)));
    expect(first.filter(Boolean)).toHaveLength(1);
    expect(await store.claimQuery(o.outTradeNo, t + 4999, 5000)).toBe(false);
    expect(await store.claimQuery(o.outTradeNo, t + 5000, 5000)).toBe(true);
    expect((await store.findOrder(o.outTradeNo))?.lastQueriedAt).toBe(t + 5000);
    await store.markPaid(o.outTradeNo, ["NOTPAY"], { transactionId: "4200", paidAt: t });
    expect(await store.claimQuery(o.outTradeNo, t + 60_000, 5000)).toBe(false);
  });

}

function fulfilment(fresh: Fresh): void {
  it("claims the buyer's fulfilment for one caller, lets a failed one go again, and never after it was sent", async () => {
    const store = await fresh();
    const o = order();
    await store.insertOrder(o);
    const t = Date.now();
    expect(await store.claimFulfilment(o.outTradeNo, t, 60_000)).toBe(false); // not paid
    await store.markPaid(o.outTradeNo, ["NOTPAY"], { transactionId: "4200", paidAt: t });
    expect((await store.unfulfilledOrders(t, 1000)).map((x) => x.outTradeNo)).toContain(o.outTradeNo);
    const claims = await Promise.all([1, 2, 3].map(() => store.claimFulfilment(o.outTradeNo, t, 60_000)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await store.unfulfilledOrders(t + 1000, 1000)).map((x) => x.outTradeNo)).not.toContain(o.outTradeNo);
    await store.releaseFulfilment(o.outTradeNo);
    expect(await store.claimFulfilment(o.outTradeNo, t + 1, 60_000)).toBe(true);
    // A claim whose holder died expires.
    expect(await store.claimFulfilment(o.outTradeNo, t + 60_001, 60_000)).toBe(true);
    await store.completeFulfilment(o.outTradeNo, t + 70_000);
    expect(await store.claimFulfilment(o.outTradeNo, t + 999_999, 60_000)).toBe(false);
    expect((await store.findOrder(o.outTradeNo))?.fulfilmentSentAt).toBe(t + 70_000);
    expect((await store.unfulfilledOrders(t + 999_999, 1000)).map((x) => x.outTradeNo)).not.toContain(o.outTradeNo);
  });

}

function refunds(fresh: Fresh): void {
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

function listing(fresh: Fresh): void {
  it("lists orders newest first by status and time window, with totals over all that match", async () => {
    const store = await fresh();
    const start = windowStart();
    const day = 86_400_000;
    const made = [
      order({ createdAt: start + 1000, amount: 100 }),
      order({ createdAt: start + 2000, amount: 200 }),
      order({ createdAt: start + day + 1000, amount: 400 }),
      order({ createdAt: start + day + 2000, amount: 800 }),
    ];
    for (const o of made) await store.insertOrder(o);
    await store.markPaid(made[1]!.outTradeNo, ["NOTPAY"], { transactionId: "a", paidAt: start });
    await store.markPaid(made[3]!.outTradeNo, ["NOTPAY"], { transactionId: "b", paidAt: start });
    const r = id("R");
    await store.insertRefund({ outRefundNo: r, outTradeNo: made[3]!.outTradeNo, amount: 800, reason: null, status: "PROCESSING", createdAt: start });
    await store.finishRefund(r, { status: "SUCCESS", finishedAt: start });

    const all = await store.listOrders({ from: start, to: start + 10 * day, offset: 0, limit: 3 });
    expect(all.items.map((o) => o.outTradeNo)).toEqual([made[3], made[2], made[1]].map((o) => o!.outTradeNo));
    expect(all.total).toBe(4);
    expect(all.totals).toEqual({ orders: 4, paidCount: 2, paidAmount: 1000, refundedAmount: 800 });
    const page2 = await store.listOrders({ from: start, to: start + 10 * day, offset: 3, limit: 3 });
    expect(page2.items.map((o) => o.outTradeNo)).toEqual([made[0]!.outTradeNo]);
    const firstDay = await store.listOrders({ from: start, to: start + day, offset: 0, limit: 10 });
    expect(firstDay.totals).toEqual({ orders: 2, paidCount: 1, paidAmount: 200, refundedAmount: 0 });
    const refunded = await store.listOrders({ status: "REFUND", from: start, to: start + 10 * day, offset: 0, limit: 10 });
    expect(refunded.items.map((o) => o.outTradeNo)).toEqual([made[3]!.outTradeNo]);
    expect((await store.ordersCreatedBetween(start, start + day)).map((o) => o.amount).sort()).toEqual([100, 200]);
    const unpaid = await store.unpaidOrders(start + day + 1500, 10_000);
    expect(unpaid.map((o) => o.outTradeNo).filter((n) => made.some((m) => m.outTradeNo === n))).toEqual([made[0]!.outTradeNo, made[2]!.outTradeNo]);
  });

  it("records each fact of the timeline once, in time order", async () => {
    const store = await fresh();
    const o = id();
    expect(await store.addEvent({ key: `paid:${o}`, outTradeNo: o, kind: "paid", detail: "notify", at: 20 })).toBe(true);
    const again = await Promise.all([1, 2, 3].map(() => store.addEvent({ key: `paid:${o}`, outTradeNo: o, kind: "paid", detail: "query", at: 30 })));
    expect(again).toEqual([false, false, false]);
    await store.addEvent({ key: `created:${o}`, outTradeNo: o, kind: "created", detail: null, at: 10 });
    expect(await store.timeline(o)).toEqual([
      { key: `created:${o}`, outTradeNo: o, kind: "created", detail: null, at: 10 },
      { key: `paid:${o}`, outTradeNo: o, kind: "paid", detail: "notify", at: 20 },
    ]);
    expect(await store.timeline(id())).toEqual([]);
  });
}

export function describePayStoreContract(name: string, make: () => PayStore | Promise<PayStore>): void {
  const fresh: Fresh = async () => make();
  describe(`PayStore contract: ${name}`, () => {
    orders(fresh);
    fulfilment(fresh);
    refunds(fresh);
    listing(fresh);
  });
}
