import "server-only";
import type { SqliteConnection } from "../stores/sqlite-connection";
import { utcDateFormatter, utcDateText } from "../stores/utc-date-text";
import { listWhere, preparePayStatements, shapedSql, statementCache, toOrder, toRefund, type OrderRow, type PayStatements } from "./sqlite-store-statements";
import type { FulfilmentMethods, OrderMethods, PayStore, RefundMethods } from "./store";

export { preparePayStatements, type PayStatements } from "./sqlite-store-statements";

/**
 * The pay store on SQLite through statements prepared once, on the connection the webhook's
 * stores use (lib/stores/sqlite-connection.ts), instead of through Prisma.
 *
 * Why: a WeChat Pay notification is a lookup and a timeline row (plus, once, the payment), and
 * through Prisma each query is built, interpreted and `prepare`d again — about half of the fast
 * entry's CPU per notification (docs/benchmarks.md). The tables, columns and values are exactly
 * Prisma's (prisma-store.ts reads these rows; pg-store.ts is the same store on PostgreSQL):
 * dates as its SQLite adapter writes them (lib/stores/utc-date-text.ts), `updatedAt` set on
 * every write as `@updatedAt` is.
 *
 * The statements and the row mapping are sqlite-store-statements.ts; here, the store's methods
 * in three groups (orders, fulfilment, refunds and the timeline), as in prisma-store.ts.
 *
 * Every state change is one conditional UPDATE whose change count says whether this call made
 * it, as in prisma-store.ts; writes go through the connection's batch writer (one transaction
 * per turn of the event loop, never blocking on another connection's lock). A refund's success
 * and the order's `refunded` change in one transaction, `refunded` recomputed from the refunds.
 * Reads run on the connection (the order lookup batched per turn): they see every committed
 * write, other processes' too.
 */

const date = utcDateText;

/** The store over `connection` (opened, with these statements, by lib/wiring/stores.ts or a test). */
export function createSqlitePayStore(connection: SqliteConnection, s: PayStatements = preparePayStatements(connection.sqlite)): PayStore {
  // "Now"-like dates move forward: formatted through utcDateFormatter (once per second, then the milliseconds).
  const nowDate = utcDateFormatter();
  const on: On = { connection, s, updatedAt: () => nowDate(Date.now()) };
  return { ...orderMethods(on), ...fulfilmentMethods(on), ...refundMethods(on) };
}

/** What every group of methods runs on: the connection, its statements, `updatedAt`'s text. */
interface On {
  connection: SqliteConnection;
  s: PayStatements;
  updatedAt: () => string;
}

function orderMethods({ connection, s, updatedAt }: On): OrderMethods {
  const { write, read } = connection;
  const shaped = statementCache(connection.sqlite);
  const inStates = (sql: (states: number) => string, from: readonly string[]) => {
    if (from.length === 0) return null; // IN () matches nothing, as Prisma's `in: []`
    return shaped(sql(from.length));
  };

  return {
    insertOrder: (o) =>
      write(() => void s.insertOrder.run(o.outTradeNo, o.appId, o.mchid, o.productId, o.description, o.amount, o.openid, date(o.expiresAt), date(o.createdAt), updatedAt())),
    setPrepayId: (outTradeNo, prepayId) => write(() => void s.setPrepayId.run(prepayId, updatedAt(), outTradeNo)),
    // The notification's read: batched with the others of its turn (sqlite-batch-reader.ts).
    findOrder: (outTradeNo) =>
      read(() => {
        const row = s.findOrder.get(outTradeNo);
        return row ? toOrder(row) : null;
      }),
    claimQuery: (outTradeNo, now, minIntervalMs) =>
      write(() => s.claimQuery.run(date(now), updatedAt(), outTradeNo, date(now - minIntervalMs)).changes === 1),
    async markPaid(outTradeNo, from, paid) {
      const statement = inStates(shapedSql.markPaid, from);
      if (!statement) return false;
      return write(() => statement.run(paid.transactionId, date(paid.paidAt), updatedAt(), outTradeNo, ...from).changes === 1);
    },
    async changeStatus(outTradeNo, from, to) {
      const statement = inStates(shapedSql.changeStatus, from);
      if (!statement) return false;
      return write(() => statement.run(to, updatedAt(), outTradeNo, ...from).changes === 1);
    },
    async listOrders(query) {
      const { sql, params } = listWhere(query);
      const rows = shaped<OrderRow>(shapedSql.listOrders(sql)).all(...params, query.limit, query.offset);
      const totals = shaped<{ orders: number; refunded: number; paidCount: number; paidAmount: number }>(shapedSql.listTotals(sql)).get(...params);
      const t = totals ?? { orders: 0, refunded: 0, paidCount: 0, paidAmount: 0 };
      return { items: rows.map(toOrder), total: t.orders, totals: { orders: t.orders, paidCount: t.paidCount, paidAmount: t.paidAmount, refundedAmount: t.refunded } };
    },
    async ordersCreatedBetween(from, to, appId) {
      return s.ordersCreatedBetween.all(date(from), date(to), appId ?? null, appId ?? null).map((r) => ({ ...r, createdAt: Date.parse(r.createdAt) }));
    },
    async unpaidOrders(before, limit) {
      return s.unpaidOrders.all(date(before), limit).map(toOrder);
    },
  };
}

function fulfilmentMethods({ connection: { write }, s, updatedAt }: On): FulfilmentMethods {
  return {
    async unfulfilledOrders(now, limit) {
      return s.unfulfilledOrders.all(date(now), limit).map(toOrder);
    },
    claimFulfilment: (outTradeNo, now, leaseMs) =>
      write(() => s.claimFulfilment.run(date(now + leaseMs), updatedAt(), outTradeNo, date(now)).changes === 1),
    completeFulfilment: (outTradeNo, at) => write(() => void s.completeFulfilment.run(date(at), updatedAt(), outTradeNo)),
    releaseFulfilment: (outTradeNo) => write(() => void s.releaseFulfilment.run(updatedAt(), outTradeNo)),
  };
}

function refundMethods({ connection, s }: On): RefundMethods {
  const { write } = connection;
  // The timeline's dates move forward too: a formatter of their own, as `updatedAt`'s.
  const eventDate = utcDateFormatter();

  // The refund's end and the order's total change together or not at all: inside the batch's
  // transaction this is a savepoint (better-sqlite3 nests), so a failure undoes both statements.
  const refundSucceeded = connection.sqlite.transaction((outRefundNo: string, finishedAt: string, refundId: string | null): boolean => {
    const refund = s.refundOrder.get(outRefundNo);
    if (!refund) return false;
    const changed = s.succeedRefund.run(finishedAt, refundId, outRefundNo).changes === 1;
    s.recomputeRefunded.run({ outTradeNo: refund.outTradeNo });
    return changed;
  });

  return {
    insertRefund: (r) => write(() => void s.insertRefund.run(r.outRefundNo, r.outTradeNo, r.amount, r.reason, r.status, date(r.createdAt))),
    async findRefund(outRefundNo) {
      const row = s.findRefund.get(outRefundNo);
      return row ? toRefund(row) : null;
    },
    async listRefunds(outTradeNo) {
      return s.listRefunds.all(outTradeNo).map(toRefund);
    },
    async pendingRefunds(before, limit) {
      return s.pendingRefunds.all(date(before), limit).map(toRefund);
    },
    finishRefund: (outRefundNo, end) =>
      write(() => {
        const refundId = end.refundId ?? null;
        const finishedAt = date(end.finishedAt);
        if (end.status !== "SUCCESS") return s.endRefund.run(end.status, finishedAt, refundId, outRefundNo).changes === 1;
        return refundSucceeded(outRefundNo, finishedAt, refundId);
      }),

    addEvent: (e) => write(() => s.addEvent.run(e.key, e.outTradeNo, e.kind, e.detail, eventDate(e.at)).changes === 1),
    async timeline(outTradeNo) {
      return s.timeline.all(outTradeNo).map((r) => ({ ...r, at: Date.parse(r.at) }));
    },
  };
}
