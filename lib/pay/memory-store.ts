/** The pay store in memory: unit tests and single-process setups. Same contract as the database one. */
import { PAID_STATUSES, type OrderRecord, type OrderTotals, type PayEventRecord, type PayStore, type RefundRecord } from "./store";

const isPaid = (status: string): boolean => (PAID_STATUSES as readonly string[]).includes(status);

type Row = OrderRecord & { leaseUntil: number | null };
interface State {
  orders: Map<string, Row>;
  refunds: Map<string, RefundRecord>;
  events: Map<string, PayEventRecord>;
}
type FulfilmentKeys = "unfulfilledOrders" | "claimFulfilment" | "completeFulfilment" | "releaseFulfilment";
type RefundKeys = "insertRefund" | "findRefund" | "listRefunds" | "pendingRefunds" | "finishRefund" | "addEvent" | "timeline";

const view = (o: Row): OrderRecord => {
  const { leaseUntil: _lease, ...rest } = o;
  return { ...rest };
};
const newestFirst = (a: OrderRecord, b: OrderRecord) => b.createdAt - a.createdAt || (a.outTradeNo < b.outTradeNo ? 1 : -1);

export function createMemoryPayStore(): PayStore {
  const state: State = { orders: new Map(), refunds: new Map(), events: new Map() };
  return { ...orderMethods(state), ...fulfilmentMethods(state), ...refundMethods(state) };
}

function orderMethods({ orders }: State): Omit<PayStore, FulfilmentKeys | RefundKeys> {
  return {
    async insertOrder(order) {
      if (orders.has(order.outTradeNo)) throw new Error(`order ${order.outTradeNo} exists`);
      orders.set(order.outTradeNo, {
        ...order,
        status: "NOTPAY",
        transactionId: null,
        paidAt: null,
        refunded: 0,
        prepayId: null,
        lastQueriedAt: null,
        fulfilmentSentAt: null,
        leaseUntil: null,
      });
    },
    async setPrepayId(outTradeNo, prepayId) {
      const o = orders.get(outTradeNo);
      if (o) o.prepayId = prepayId;
    },
    async findOrder(outTradeNo) {
      const o = orders.get(outTradeNo);
      return o ? view(o) : null;
    },
    async claimQuery(outTradeNo, now, minIntervalMs) {
      const o = orders.get(outTradeNo);
      if (!o || o.status !== "NOTPAY" || (o.lastQueriedAt !== null && o.lastQueriedAt > now - minIntervalMs)) return false;
      o.lastQueriedAt = now;
      return true;
    },
    async markPaid(outTradeNo, from, paid) {
      const o = orders.get(outTradeNo);
      if (!o || !from.includes(o.status)) return false;
      Object.assign(o, { status: "SUCCESS", transactionId: paid.transactionId, paidAt: paid.paidAt });
      return true;
    },
    async changeStatus(outTradeNo, from, to) {
      const o = orders.get(outTradeNo);
      if (!o || !from.includes(o.status)) return false;
      o.status = to;
      return true;
    },
    async listOrders(query) {
      const matching = [...orders.values()]
        .filter((o) => (query.status === undefined || o.status === query.status) && (query.appId === undefined || o.appId === query.appId) && (query.from === undefined || o.createdAt >= query.from) && (query.to === undefined || o.createdAt < query.to))
        .sort(newestFirst);
      const totals: OrderTotals = { orders: matching.length, paidCount: 0, paidAmount: 0, refundedAmount: 0 };
      for (const o of matching) {
        if (isPaid(o.status)) {
          totals.paidCount += 1;
          totals.paidAmount += o.amount;
        }
        totals.refundedAmount += o.refunded;
      }
      return { items: matching.slice(query.offset, query.offset + query.limit).map(view), total: matching.length, totals };
    },
    async ordersCreatedBetween(from, to, appId) {
      return [...orders.values()].filter((o) => o.createdAt >= from && o.createdAt < to && (appId === undefined || o.appId === appId)).map(({ status, amount, refunded, createdAt }) => ({ status, amount, refunded, createdAt }));
    },
    async unpaidOrders(before, limit) {
      return [...orders.values()].filter((o) => o.status === "NOTPAY" && o.createdAt < before).sort((a, b) => a.createdAt - b.createdAt).slice(0, limit).map(view);
    },
  };
}

function fulfilmentMethods({ orders }: State): Pick<PayStore, FulfilmentKeys> {
  return {
    async unfulfilledOrders(now, limit) {
      return [...orders.values()]
        .filter((o) => isPaid(o.status) && o.fulfilmentSentAt === null && (o.leaseUntil === null || o.leaseUntil <= now))
        .sort((a, b) => (a.paidAt ?? 0) - (b.paidAt ?? 0))
        .slice(0, limit)
        .map(view);
    },
    async claimFulfilment(outTradeNo, now, leaseMs) {
      const o = orders.get(outTradeNo);
      if (!o || !isPaid(o.status) || o.fulfilmentSentAt !== null || (o.leaseUntil !== null && o.leaseUntil > now)) return false;
      o.leaseUntil = now + leaseMs;
      return true;
    },
    async completeFulfilment(outTradeNo, at) {
      const o = orders.get(outTradeNo);
      if (o) Object.assign(o, { fulfilmentSentAt: at, leaseUntil: null });
    },
    async releaseFulfilment(outTradeNo) {
      const o = orders.get(outTradeNo);
      if (o && o.fulfilmentSentAt === null) o.leaseUntil = null;
    },
  };
}

function refundMethods({ orders, refunds, events }: State): Pick<PayStore, RefundKeys> {
  return {
    async insertRefund(refund) {
      if (refunds.has(refund.outRefundNo)) throw new Error(`refund ${refund.outRefundNo} exists`);
      refunds.set(refund.outRefundNo, { ...refund, refundId: null, finishedAt: null });
    },
    async findRefund(outRefundNo) {
      const r = refunds.get(outRefundNo);
      return r ? { ...r } : null;
    },
    async listRefunds(outTradeNo) {
      return [...refunds.values()].filter((r) => r.outTradeNo === outTradeNo).sort((a, b) => a.createdAt - b.createdAt).map((r) => ({ ...r }));
    },
    async pendingRefunds(before, limit) {
      return [...refunds.values()].filter((r) => r.status === "PROCESSING" && r.createdAt < before).sort((a, b) => a.createdAt - b.createdAt).slice(0, limit).map((r) => ({ ...r }));
    },
    async finishRefund(outRefundNo, end) {
      const r = refunds.get(outRefundNo);
      if (!r) return false;
      if (end.status === "SUCCESS" ? r.status === "SUCCESS" : r.status !== "PROCESSING") return false;
      Object.assign(r, { status: end.status, refundId: end.refundId ?? r.refundId, finishedAt: end.finishedAt });
      const o = orders.get(r.outTradeNo);
      if (end.status === "SUCCESS" && o) {
        o.refunded += r.amount;
        if (o.refunded >= o.amount) o.status = "REFUND";
      }
      return true;
    },
    async addEvent(event) {
      if (events.has(event.key)) return false;
      events.set(event.key, { ...event });
      return true;
    },
    async timeline(outTradeNo) {
      return [...events.values()].filter((e) => e.outTradeNo === outTradeNo).sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1)).map((e) => ({ ...e }));
    },
  };
}
