import "server-only";
import type { Database, Statement } from "better-sqlite3";
import type { SqliteConnection } from "../stores/sqlite-connection";
import { utcDateFormatter, utcDateText } from "../stores/utc-date-text";
import { PAID_STATUSES, type OrderQuery, type OrderRecord, type PayEventRecord, type PayStore, type RefundRecord } from "./store";

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
 * Every state change is one conditional UPDATE whose change count says whether this call made
 * it, as in prisma-store.ts; writes go through the connection's batch writer (one transaction
 * per turn of the event loop, never blocking on another connection's lock). A refund's success
 * and the order's `refunded` change in one transaction, `refunded` recomputed from the refunds.
 * Reads run on the connection (the order lookup batched per turn): they see every committed
 * write, other processes' too.
 */

type OrderRow = {
  outTradeNo: string;
  appId: string;
  mchid: string;
  productId: string;
  description: string;
  amount: number;
  openid: string;
  status: string;
  transactionId: string | null;
  paidAt: string | null;
  refunded: number;
  prepayId: string | null;
  expiresAt: string;
  lastQueriedAt: string | null;
  fulfilmentSentAt: string | null;
  createdAt: string;
};
type RefundRow = Omit<RefundRecord, "createdAt" | "finishedAt"> & { createdAt: string; finishedAt: string | null };
type EventRow = Omit<PayEventRecord, "at"> & { at: string };

const ORDER_COLUMNS = `"outTradeNo", "appId", "mchid", "productId", "description", "amount", "openid", "status", "transactionId", "paidAt",
  "refunded", "prepayId", "expiresAt", "lastQueriedAt", "fulfilmentSentAt", "createdAt"`;
const REFUND_COLUMNS = `"outRefundNo", "outTradeNo", "amount", "reason", "status", "refundId", "createdAt", "finishedAt"`;
const PAID_SQL = PAID_STATUSES.map((s) => `'${s}'`).join(", ");
/** The order's fulfilment may be claimed: paid, not sent, no live claim (the parameter is `now`). */
const FULFILMENT_OPEN = `"status" IN (${PAID_SQL}) AND "fulfilmentSentAt" IS NULL AND ("fulfilmentLeaseUntil" IS NULL OR "fulfilmentLeaseUntil" <= ?)`;

const ms = (text: string | null): number | null => (text === null ? null : Date.parse(text));

const toOrder = (r: OrderRow): OrderRecord => ({
  outTradeNo: r.outTradeNo,
  appId: r.appId,
  mchid: r.mchid,
  productId: r.productId,
  description: r.description,
  amount: r.amount,
  openid: r.openid,
  status: r.status,
  transactionId: r.transactionId,
  paidAt: ms(r.paidAt),
  refunded: r.refunded,
  prepayId: r.prepayId,
  expiresAt: Date.parse(r.expiresAt),
  lastQueriedAt: ms(r.lastQueriedAt),
  fulfilmentSentAt: ms(r.fulfilmentSentAt),
  createdAt: Date.parse(r.createdAt),
});

const toRefund = (r: RefundRow): RefundRecord => ({
  outRefundNo: r.outRefundNo,
  outTradeNo: r.outTradeNo,
  amount: r.amount,
  reason: r.reason,
  status: r.status,
  refundId: r.refundId,
  createdAt: Date.parse(r.createdAt),
  finishedAt: ms(r.finishedAt),
});

/** Statements whose SQL depends on the call's shape (how many states, which filters): prepared on first use, kept. */
function statementCache(sqlite: Database) {
  const cache = new Map<string, Statement<unknown[], unknown>>();
  return <R>(sql: string): Statement<unknown[], R> => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = sqlite.prepare(sql);
      cache.set(sql, statement);
    }
    return statement as Statement<unknown[], R>;
  };
}

const placeholders = (n: number): string => Array.from({ length: n }, () => "?").join(", ");

/** The statements of every call, prepared at once: a file not migrated yet fails here, not on a later call. */
export function preparePayStatements(sqlite: Database) {
  return {
    insertOrder: sqlite.prepare(`
      INSERT INTO "PayOrder" ("outTradeNo", "appId", "mchid", "productId", "description", "amount", "openid", "status", "refunded", "expiresAt", "fulfilmentAttempts", "createdAt", "updatedAt")
      VALUES (?, ?, ?, ?, ?, ?, ?, 'NOTPAY', 0, ?, 0, ?, ?)`),
    setPrepayId: sqlite.prepare(`UPDATE "PayOrder" SET "prepayId" = ?, "updatedAt" = ? WHERE "outTradeNo" = ?`),
    findOrder: sqlite.prepare<[string], OrderRow>(`SELECT ${ORDER_COLUMNS} FROM "PayOrder" WHERE "outTradeNo" = ?`),
    claimQuery: sqlite.prepare(`
      UPDATE "PayOrder" SET "lastQueriedAt" = ?, "updatedAt" = ?
      WHERE "outTradeNo" = ? AND "status" = 'NOTPAY' AND ("lastQueriedAt" IS NULL OR "lastQueriedAt" <= ?)`),
    ordersCreatedBetween: sqlite.prepare<[string, string], { status: string; amount: number; refunded: number; createdAt: string }>(`
      SELECT "status", "amount", "refunded", "createdAt" FROM "PayOrder" WHERE "createdAt" >= ? AND "createdAt" < ?`),
    unpaidOrders: sqlite.prepare<[string, number], OrderRow>(`
      SELECT ${ORDER_COLUMNS} FROM "PayOrder" WHERE "status" = 'NOTPAY' AND "createdAt" < ? ORDER BY "createdAt" ASC LIMIT ?`),
    unfulfilledOrders: sqlite.prepare<[string, number], OrderRow>(`
      SELECT ${ORDER_COLUMNS} FROM "PayOrder" WHERE ${FULFILMENT_OPEN} ORDER BY "paidAt" ASC LIMIT ?`),
    claimFulfilment: sqlite.prepare(`
      UPDATE "PayOrder" SET "fulfilmentLeaseUntil" = ?, "fulfilmentAttempts" = "fulfilmentAttempts" + 1, "updatedAt" = ?
      WHERE "outTradeNo" = ? AND ${FULFILMENT_OPEN}`),
    completeFulfilment: sqlite.prepare(`UPDATE "PayOrder" SET "fulfilmentSentAt" = ?, "fulfilmentLeaseUntil" = NULL, "updatedAt" = ? WHERE "outTradeNo" = ?`),
    releaseFulfilment: sqlite.prepare(`
      UPDATE "PayOrder" SET "fulfilmentLeaseUntil" = NULL, "updatedAt" = ? WHERE "outTradeNo" = ? AND "fulfilmentSentAt" IS NULL`),
    insertRefund: sqlite.prepare(`
      INSERT INTO "PayRefund" ("outRefundNo", "outTradeNo", "amount", "reason", "status", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`),
    findRefund: sqlite.prepare<[string], RefundRow>(`SELECT ${REFUND_COLUMNS} FROM "PayRefund" WHERE "outRefundNo" = ?`),
    listRefunds: sqlite.prepare<[string], RefundRow>(`
      SELECT ${REFUND_COLUMNS} FROM "PayRefund" WHERE "outTradeNo" = ? ORDER BY "createdAt" ASC, "outRefundNo" ASC`),
    pendingRefunds: sqlite.prepare<[string, number], RefundRow>(`
      SELECT ${REFUND_COLUMNS} FROM "PayRefund" WHERE "status" = 'PROCESSING' AND "createdAt" < ? ORDER BY "createdAt" ASC LIMIT ?`),
    // Prisma's updateMany sets only the fields given: refundId stays when none is given (NULL here).
    endRefund: sqlite.prepare(`
      UPDATE "PayRefund" SET "status" = ?, "finishedAt" = ?, "refundId" = COALESCE(?, "refundId") WHERE "outRefundNo" = ? AND "status" = 'PROCESSING'`),
    succeedRefund: sqlite.prepare(`
      UPDATE "PayRefund" SET "status" = 'SUCCESS', "finishedAt" = ?, "refundId" = COALESCE(?, "refundId") WHERE "outRefundNo" = ? AND "status" <> 'SUCCESS'`),
    refundOrder: sqlite.prepare<[string], { outTradeNo: string }>(`SELECT "outTradeNo" FROM "PayRefund" WHERE "outRefundNo" = ?`),
    // Recomputed from the refunds, not incremented: idempotent, and right whoever runs it (as prisma-store.ts).
    recomputeRefunded: sqlite.prepare(`
      UPDATE "PayOrder" SET
        "refunded" = (SELECT COALESCE(SUM("amount"), 0) FROM "PayRefund" WHERE "outTradeNo" = @outTradeNo AND "status" = 'SUCCESS'),
        "status" = CASE
          WHEN "status" IN (${PAID_SQL})
            AND (SELECT COALESCE(SUM("amount"), 0) FROM "PayRefund" WHERE "outTradeNo" = @outTradeNo AND "status" = 'SUCCESS') >= "amount"
          THEN 'REFUND' ELSE "status" END
      WHERE "outTradeNo" = @outTradeNo`),
    addEvent: sqlite.prepare(`
      INSERT INTO "PayEvent" ("key", "outTradeNo", "kind", "detail", "at") VALUES (?, ?, ?, ?, ?) ON CONFLICT ("key") DO NOTHING`),
    timeline: sqlite.prepare<[string], EventRow>(`SELECT "key", "outTradeNo", "kind", "detail", "at" FROM "PayEvent" WHERE "outTradeNo" = ? ORDER BY "at" ASC, "key" ASC`),
  };
}

export type PayStatements = ReturnType<typeof preparePayStatements>;

/** The store over `connection` (opened, with these statements, by lib/wiring/stores.ts or a test). */
export function createSqlitePayStore(connection: SqliteConnection, s: PayStatements = preparePayStatements(connection.sqlite)): PayStore {
  const { write, read } = connection;
  const shaped = statementCache(connection.sqlite);
  // "Now"-like dates move forward: formatted through utcDateFormatter (once per second, then the milliseconds).
  const nowDate = utcDateFormatter();
  const eventDate = utcDateFormatter();
  const date = utcDateText;

  // The refund's end and the order's total change together or not at all: inside the batch's
  // transaction this is a savepoint (better-sqlite3 nests), so a failure undoes both statements.
  const refundSucceeded = connection.sqlite.transaction((outRefundNo: string, finishedAt: string, refundId: string | null): boolean => {
    const refund = s.refundOrder.get(outRefundNo);
    if (!refund) return false;
    const changed = s.succeedRefund.run(finishedAt, refundId, outRefundNo).changes === 1;
    s.recomputeRefunded.run({ outTradeNo: refund.outTradeNo });
    return changed;
  });

  const inStates = (set: string, from: readonly string[]) => {
    if (from.length === 0) return null; // IN () matches nothing, as Prisma's `in: []`
    return shaped(`UPDATE "PayOrder" SET ${set}, "updatedAt" = ? WHERE "outTradeNo" = ? AND "status" IN (${placeholders(from.length)})`);
  };

  const listWhere = (q: OrderQuery): { sql: string; params: string[] } => {
    const filters: Array<[string, string | undefined]> = [
      [`"status" = ?`, q.status],
      [`"createdAt" >= ?`, q.from === undefined ? undefined : date(q.from)],
      [`"createdAt" < ?`, q.to === undefined ? undefined : date(q.to)],
    ];
    const used = filters.filter((f): f is [string, string] => f[1] !== undefined);
    const parts = used.map(([sql]) => sql);
    const params = used.map(([, value]) => value);
    return { sql: parts.length ? `WHERE ${parts.join(" AND ")}` : "", params };
  };

  return {
    insertOrder: (o) =>
      write(() => void s.insertOrder.run(o.outTradeNo, o.appId, o.mchid, o.productId, o.description, o.amount, o.openid, date(o.expiresAt), date(o.createdAt), nowDate(Date.now()))),
    setPrepayId: (outTradeNo, prepayId) => write(() => void s.setPrepayId.run(prepayId, nowDate(Date.now()), outTradeNo)),
    // The notification's read: batched with the others of its turn (sqlite-batch-reader.ts).
    findOrder: (outTradeNo) =>
      read(() => {
        const row = s.findOrder.get(outTradeNo);
        return row ? toOrder(row) : null;
      }),
    claimQuery: (outTradeNo, now, minIntervalMs) =>
      write(() => s.claimQuery.run(date(now), nowDate(Date.now()), outTradeNo, date(now - minIntervalMs)).changes === 1),
    async markPaid(outTradeNo, from, paid) {
      const statement = inStates(`"status" = 'SUCCESS', "transactionId" = ?, "paidAt" = ?`, from);
      if (!statement) return false;
      return write(() => statement.run(paid.transactionId, date(paid.paidAt), nowDate(Date.now()), outTradeNo, ...from).changes === 1);
    },
    async changeStatus(outTradeNo, from, to) {
      const statement = inStates(`"status" = ?`, from);
      if (!statement) return false;
      return write(() => statement.run(to, nowDate(Date.now()), outTradeNo, ...from).changes === 1);
    },
    async listOrders(query) {
      const { sql, params } = listWhere(query);
      const rows = shaped<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM "PayOrder" ${sql} ORDER BY "createdAt" DESC, "outTradeNo" DESC LIMIT ? OFFSET ?`).all(...params, query.limit, query.offset);
      const totals = shaped<{ orders: number; refunded: number; paidCount: number; paidAmount: number }>(`
        SELECT COUNT(*) AS "orders", COALESCE(SUM("refunded"), 0) AS "refunded",
          COUNT(CASE WHEN "status" IN (${PAID_SQL}) THEN 1 END) AS "paidCount",
          COALESCE(SUM(CASE WHEN "status" IN (${PAID_SQL}) THEN "amount" END), 0) AS "paidAmount"
        FROM "PayOrder" ${sql}`).get(...params);
      const t = totals ?? { orders: 0, refunded: 0, paidCount: 0, paidAmount: 0 };
      return { items: rows.map(toOrder), total: t.orders, totals: { orders: t.orders, paidCount: t.paidCount, paidAmount: t.paidAmount, refundedAmount: t.refunded } };
    },
    async ordersCreatedBetween(from, to) {
      return s.ordersCreatedBetween.all(date(from), date(to)).map((r) => ({ ...r, createdAt: Date.parse(r.createdAt) }));
    },
    async unpaidOrders(before, limit) {
      return s.unpaidOrders.all(date(before), limit).map(toOrder);
    },

    async unfulfilledOrders(now, limit) {
      return s.unfulfilledOrders.all(date(now), limit).map(toOrder);
    },
    claimFulfilment: (outTradeNo, now, leaseMs) =>
      write(() => s.claimFulfilment.run(date(now + leaseMs), nowDate(Date.now()), outTradeNo, date(now)).changes === 1),
    completeFulfilment: (outTradeNo, at) => write(() => void s.completeFulfilment.run(date(at), nowDate(Date.now()), outTradeNo)),
    releaseFulfilment: (outTradeNo) => write(() => void s.releaseFulfilment.run(nowDate(Date.now()), outTradeNo)),

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
