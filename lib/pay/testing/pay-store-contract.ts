/**
 * Behaviour every PayStore must have (memory, SQLite, PostgreSQL). Each test uses its own random
 * order numbers; listing tests use a time window of their own, so a shared database needs no cleanup.
 * The refunds' tests are pay-store-refund-contract.ts; the shared helpers, pay-store-fixtures.ts.
 */
import { describe, expect, it } from "vitest";
import type { PayStore } from "../store";
import { id, order, windowStart, type Fresh } from "./pay-store-fixtures";
import { refundContract } from "./pay-store-refund-contract";

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
    // Another account's order under the same merchant (关联AppID): in the window, but not in this account's list.
    const second = order({ createdAt: start + 3000, amount: 50, appId: "wx0de0000000000002" });
    await store.insertOrder(second);
    const own = await store.listOrders({ appId: made[0]!.appId, from: start, to: start + 10 * day, offset: 0, limit: 10 });
    expect(own.items.map((o) => o.outTradeNo)).toEqual([made[3], made[2], made[1], made[0]].map((o) => o!.outTradeNo));
    expect(own.totals).toEqual({ orders: 4, paidCount: 2, paidAmount: 1000, refundedAmount: 800 });
    const theirs = await store.listOrders({ appId: second.appId, from: start, to: start + 10 * day, offset: 0, limit: 10 });
    expect(theirs.items.map((o) => o.outTradeNo)).toEqual([second.outTradeNo]);
    const refunded = await store.listOrders({ status: "REFUND", from: start, to: start + 10 * day, offset: 0, limit: 10 });
    expect(refunded.items.map((o) => o.outTradeNo)).toEqual([made[3]!.outTradeNo]);
    expect((await store.ordersCreatedBetween(start, start + day)).map((o) => o.amount).sort((x, y) => x - y)).toEqual([50, 100, 200]);
    // The daily summary of one account: the other account's order in the window is not counted.
    expect((await store.ordersCreatedBetween(start, start + day, made[0]!.appId)).map((o) => o.amount).sort((x, y) => x - y)).toEqual([100, 200]);
    expect(await store.ordersCreatedBetween(start, start + day, second.appId)).toEqual([{ status: "NOTPAY", amount: 50, refunded: 0, createdAt: start + 3000 }]);
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
    refundContract(fresh);
    listing(fresh);
  });
}
