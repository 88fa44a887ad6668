import "server-only";
import type { Database, Statement } from "better-sqlite3";
import { utcDateText } from "../stores/utc-date-text";
import { orderFromRow, PAID_STATUSES, type OrderQuery, type OrderRowOf, type OrderRecord, type PayEventRecord, type RefundRecord } from "./store";

/**
 * sqlite-store.ts's SQL: the statements of every call, prepared once per connection
 * (`preparePayStatements`), the SQL of the calls whose shape varies (how many states, which
 * filters), prepared on first use and kept (`statementCache`, `shapedSql`), and the rows as the
 * store's records (dates are stored as text, lib/stores/utc-date-text.ts; read back as epoch ms).
 */

export type OrderRow = OrderRowOf<string>;
type RefundRow = Omit<RefundRecord, "createdAt" | "finishedAt"> & { createdAt: string; finishedAt: string | null };
type EventRow = Omit<PayEventRecord, "at"> & { at: string };

const ORDER_COLUMNS = `"outTradeNo", "appId", "mchid", "productId", "description", "amount", "openid", "status", "transactionId", "paidAt",
  "refunded", "prepayId", "expiresAt", "lastQueriedAt", "fulfilmentSentAt", "createdAt"`;
const REFUND_COLUMNS = `"outRefundNo", "outTradeNo", "amount", "reason", "status", "refundId", "createdAt", "finishedAt"`;
const PAID_SQL = PAID_STATUSES.map((s) => `'${s}'`).join(", ");
/** The order's fulfilment may be claimed: paid, not sent, no live claim (the parameter is `now`). */
const FULFILMENT_OPEN = `"status" IN (${PAID_SQL}) AND "fulfilmentSentAt" IS NULL AND ("fulfilmentLeaseUntil" IS NULL OR "fulfilmentLeaseUntil" <= ?)`;

const ms = (text: string | null): number | null => (text === null ? null : Date.parse(text));

export const toOrder = (r: OrderRow): OrderRecord => orderFromRow(r, Date.parse);

export const toRefund = (r: RefundRow): RefundRecord => ({
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
export function statementCache(sqlite: Database) {
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
const inStates = (set: string, states: number): string =>
  `UPDATE "PayOrder" SET ${set}, "updatedAt" = ? WHERE "outTradeNo" = ? AND "status" IN (${placeholders(states)})`;

/** The SQL of the calls whose shape varies, for `statementCache`: a conditional change from `states` states, the console's list. */
export const shapedSql = {
  markPaid: (states: number): string => inStates(`"status" = 'SUCCESS', "transactionId" = ?, "paidAt" = ?`, states),
  changeStatus: (states: number): string => inStates(`"status" = ?`, states),
  listOrders: (where: string): string => `SELECT ${ORDER_COLUMNS} FROM "PayOrder" ${where} ORDER BY "createdAt" DESC, "outTradeNo" DESC LIMIT ? OFFSET ?`,
  listTotals: (where: string): string => `
        SELECT COUNT(*) AS "orders", COALESCE(SUM("refunded"), 0) AS "refunded",
          COUNT(CASE WHEN "status" IN (${PAID_SQL}) THEN 1 END) AS "paidCount",
          COALESCE(SUM(CASE WHEN "status" IN (${PAID_SQL}) THEN "amount" END), 0) AS "paidAmount"
        FROM "PayOrder" ${where}`,
};

/** The list's filters as a WHERE clause with only the filters given, and its parameters. */
export const listWhere = (q: OrderQuery): { sql: string; params: string[] } => {
  const filters: Array<[string, string | undefined]> = [
    [`"status" = ?`, q.status],
    [`"appId" = ?`, q.appId],
    [`"createdAt" >= ?`, q.from === undefined ? undefined : utcDateText(q.from)],
    [`"createdAt" < ?`, q.to === undefined ? undefined : utcDateText(q.to)],
  ];
  const used = filters.filter((f): f is [string, string] => f[1] !== undefined);
  const parts = used.map(([sql]) => sql);
  const params = used.map(([, value]) => value);
  return { sql: parts.length ? `WHERE ${parts.join(" AND ")}` : "", params };
};

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
    ordersCreatedBetween: sqlite.prepare<[string, string, string | null, string | null], { status: string; amount: number; refunded: number; createdAt: string }>(`
      SELECT "status", "amount", "refunded", "createdAt" FROM "PayOrder" WHERE "createdAt" >= ? AND "createdAt" < ? AND (? IS NULL OR "appId" = ?)`),
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
