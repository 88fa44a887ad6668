import "server-only";
import type { Db } from "../db/client";
import { orderFromRow, PAID_STATUSES, type FulfilmentMethods, type OrderRowOf, type OrderMethods, type OrderRecord, type PayStore, type RefundMethods, type RefundRecord } from "./store";

type OrderRow = OrderRowOf<Date>;
type RefundRow = Omit<RefundRecord, "createdAt" | "finishedAt"> & { createdAt: Date; finishedAt: Date | null };

const ms = (d: Date | null): number | null => (d ? d.getTime() : null);

const toOrder = (r: OrderRow): OrderRecord => orderFromRow(r, (d) => d.getTime());

const toRefund = (r: RefundRow): RefundRecord => ({
  outRefundNo: r.outRefundNo,
  outTradeNo: r.outTradeNo,
  amount: r.amount,
  reason: r.reason,
  status: r.status,
  refundId: r.refundId,
  createdAt: r.createdAt.getTime(),
  finishedAt: ms(r.finishedAt),
});

const paid = { in: [...PAID_STATUSES] };

/**
 * The pay store in the PayOrder / PayRefund / PayEvent tables. Every state change is one
 * conditional UPDATE (`WHERE status IN (…)`), whose row count says whether this call made it —
 * the same guarantee on SQLite and PostgreSQL, across processes. A refund's success and the
 * order's `refunded` change in one transaction, `refunded` recomputed from the refunds (so
 * running it again never counts a refund twice).
 *
 * The app wires sqlite-store.ts and pg-store.ts (prepared statements, a fraction of the CPU); this
 * one is the reference they are checked against (each reads the other's rows), for anyone who
 * wants the pay service over Prisma alone.
 */
export function createPrismaPayStore(db: Db): PayStore {
  return { ...orderMethods(db), ...fulfilmentMethods(db), ...refundMethods(db) };
}

function orderMethods(db: Db): OrderMethods {
  const createdRange = (from?: number, to?: number) =>
    from === undefined && to === undefined ? undefined : { ...(from !== undefined && { gte: new Date(from) }), ...(to !== undefined && { lt: new Date(to) }) };

  return {
    async insertOrder(order) {
      await db.payOrder.create({
        data: { ...order, status: "NOTPAY", expiresAt: new Date(order.expiresAt), createdAt: new Date(order.createdAt) },
      });
    },
    async setPrepayId(outTradeNo, prepayId) {
      await db.payOrder.updateMany({ where: { outTradeNo }, data: { prepayId } });
    },
    async findOrder(outTradeNo) {
      const row = await db.payOrder.findUnique({ where: { outTradeNo } });
      return row ? toOrder(row) : null;
    },
    async claimQuery(outTradeNo, now, minIntervalMs) {
      const { count } = await db.payOrder.updateMany({
        where: { outTradeNo, status: "NOTPAY", OR: [{ lastQueriedAt: null }, { lastQueriedAt: { lte: new Date(now - minIntervalMs) } }] },
        data: { lastQueriedAt: new Date(now) },
      });
      return count === 1;
    },
    async markPaid(outTradeNo, from, paidAs) {
      const { count } = await db.payOrder.updateMany({
        where: { outTradeNo, status: { in: [...from] } },
        data: { status: "SUCCESS", transactionId: paidAs.transactionId, paidAt: new Date(paidAs.paidAt) },
      });
      return count === 1;
    },
    async changeStatus(outTradeNo, from, to) {
      const { count } = await db.payOrder.updateMany({ where: { outTradeNo, status: { in: [...from] } }, data: { status: to } });
      return count === 1;
    },
    async listOrders(query) {
      const where = { ...(query.status !== undefined && { status: query.status }), ...(query.appId !== undefined && { appId: query.appId }), ...(createdRange(query.from, query.to) && { createdAt: createdRange(query.from, query.to) }) };
      const [rows, all, paidAgg] = await Promise.all([
        db.payOrder.findMany({ where, orderBy: [{ createdAt: "desc" }, { outTradeNo: "desc" }], skip: query.offset, take: query.limit }),
        db.payOrder.aggregate({ where, _count: { _all: true }, _sum: { refunded: true } }),
        db.payOrder.aggregate({ where: { AND: [where, { status: paid }] }, _count: { _all: true }, _sum: { amount: true } }),
      ]);
      return {
        items: rows.map(toOrder),
        total: all._count._all,
        totals: { orders: all._count._all, paidCount: paidAgg._count._all, paidAmount: paidAgg._sum.amount ?? 0, refundedAmount: all._sum.refunded ?? 0 },
      };
    },
    async ordersCreatedBetween(from, to, appId) {
      const rows = await db.payOrder.findMany({ where: { createdAt: { gte: new Date(from), lt: new Date(to) }, ...(appId !== undefined && { appId }) }, select: { status: true, amount: true, refunded: true, createdAt: true } });
      return rows.map((r) => ({ ...r, createdAt: r.createdAt.getTime() }));
    },
    async unpaidOrders(before, limit) {
      const rows = await db.payOrder.findMany({ where: { status: "NOTPAY", createdAt: { lt: new Date(before) } }, orderBy: { createdAt: "asc" }, take: limit });
      return rows.map(toOrder);
    },
  };
}

function fulfilmentMethods(db: Db): FulfilmentMethods {
  return {
    async unfulfilledOrders(now, limit) {
      const rows = await db.payOrder.findMany({
        where: { status: paid, fulfilmentSentAt: null, OR: [{ fulfilmentLeaseUntil: null }, { fulfilmentLeaseUntil: { lte: new Date(now) } }] },
        orderBy: { paidAt: "asc" },
        take: limit,
      });
      return rows.map(toOrder);
    },
    async claimFulfilment(outTradeNo, now, leaseMs) {
      const { count } = await db.payOrder.updateMany({
        where: { outTradeNo, status: paid, fulfilmentSentAt: null, OR: [{ fulfilmentLeaseUntil: null }, { fulfilmentLeaseUntil: { lte: new Date(now) } }] },
        data: { fulfilmentLeaseUntil: new Date(now + leaseMs), fulfilmentAttempts: { increment: 1 } },
      });
      return count === 1;
    },
    async completeFulfilment(outTradeNo, at) {
      await db.payOrder.updateMany({ where: { outTradeNo }, data: { fulfilmentSentAt: new Date(at), fulfilmentLeaseUntil: null } });
    },
    async releaseFulfilment(outTradeNo) {
      await db.payOrder.updateMany({ where: { outTradeNo, fulfilmentSentAt: null }, data: { fulfilmentLeaseUntil: null } });
    },
  };
}

function refundMethods(db: Db): RefundMethods {
  return {
    async insertRefund(refund) {
      await db.payRefund.create({ data: { ...refund, createdAt: new Date(refund.createdAt) } });
    },
    async findRefund(outRefundNo) {
      const row = await db.payRefund.findUnique({ where: { outRefundNo } });
      return row ? toRefund(row) : null;
    },
    async listRefunds(outTradeNo) {
      const rows = await db.payRefund.findMany({ where: { outTradeNo }, orderBy: [{ createdAt: "asc" }, { outRefundNo: "asc" }] });
      return rows.map(toRefund);
    },
    async pendingRefunds(before, limit) {
      const rows = await db.payRefund.findMany({ where: { status: "PROCESSING", createdAt: { lt: new Date(before) } }, orderBy: { createdAt: "asc" }, take: limit });
      return rows.map(toRefund);
    },
    async finishRefund(outRefundNo, end) {
      const data = { status: end.status, finishedAt: new Date(end.finishedAt), ...(end.refundId !== undefined && { refundId: end.refundId }) };
      if (end.status !== "SUCCESS") {
        const { count } = await db.payRefund.updateMany({ where: { outRefundNo, status: "PROCESSING" }, data });
        return count === 1;
      }
      const refund = await db.payRefund.findUnique({ where: { outRefundNo }, select: { outTradeNo: true } });
      if (!refund) return false;
      const [, changed] = await db.$transaction([
        // Locks the order's row first (PostgreSQL; SQLite holds its write lock already), so two
        // refunds of one order finishing at once take turns and the second recompute sees the first.
        db.$executeRaw`UPDATE "PayOrder" SET "outTradeNo" = "outTradeNo" WHERE "outTradeNo" = ${refund.outTradeNo}`,
        db.payRefund.updateMany({ where: { outRefundNo, status: { not: "SUCCESS" } }, data }),
        // Recomputed from the refunds, not incremented: idempotent, and right whoever runs it.
        db.$executeRaw`
          UPDATE "PayOrder" SET
            "refunded" = (SELECT COALESCE(SUM("amount"), 0) FROM "PayRefund" WHERE "outTradeNo" = ${refund.outTradeNo} AND "status" = 'SUCCESS'),
            "status" = CASE
              WHEN "status" IN ('SUCCESS', 'REFUND')
                AND (SELECT COALESCE(SUM("amount"), 0) FROM "PayRefund" WHERE "outTradeNo" = ${refund.outTradeNo} AND "status" = 'SUCCESS') >= "amount"
              THEN 'REFUND' ELSE "status" END
          WHERE "outTradeNo" = ${refund.outTradeNo}`,
      ]);
      return changed.count === 1;
    },
    async addEvent(event) {
      const inserted = await db.$executeRaw`
        INSERT INTO "PayEvent" ("key", "outTradeNo", "kind", "detail", "at")
        VALUES (${event.key}, ${event.outTradeNo}, ${event.kind}, ${event.detail}, ${new Date(event.at)})
        ON CONFLICT ("key") DO NOTHING`;
      return inserted === 1;
    },
    async timeline(outTradeNo) {
      const rows = await db.payEvent.findMany({ where: { outTradeNo }, orderBy: [{ at: "asc" }, { key: "asc" }] });
      return rows.map((r) => ({ ...r, at: r.at.getTime() }));
    },
  };
}
