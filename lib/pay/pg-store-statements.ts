import "server-only";
import type { Pool, PoolClient } from "pg";
import { PAID_STATUSES, type OrderRecord, type RefundRecord } from "./store";

/**
 * pg-store.ts's SQL: every statement it runs, by name, with fixed text (a set of states is an
 * array parameter, `= ANY($n)`; an absent filter a NULL parameter), so that each is parsed once
 * per connection as a named prepared statement; `run` runs one; the rows come back as the
 * store's records (dates as epoch milliseconds, converted in the SELECT).
 */

/** ORDER_COLUMNS are the record's fields, the times already epoch ms (EPOCH_MS): a row is its record. */
export type OrderRow = OrderRecord;

const EPOCH_MS = (column: string) => `(extract(epoch from "${column}") * 1000)::float8 AS "${column}"`;
const ORDER_COLUMNS = `"outTradeNo", "appId", "mchid", "productId", "description", "amount", "openid", "status", "transactionId", ${EPOCH_MS("paidAt")},
  "refunded", "prepayId", ${EPOCH_MS("expiresAt")}, ${EPOCH_MS("lastQueriedAt")}, ${EPOCH_MS("fulfilmentSentAt")}, ${EPOCH_MS("createdAt")}`;
const REFUND_COLUMNS = `"outRefundNo", "outTradeNo", "amount", "reason", "status", "refundId", ${EPOCH_MS("createdAt")}, ${EPOCH_MS("finishedAt")}`;
const PAID_SQL = PAID_STATUSES.map((s) => `'${s}'`).join(", ");
/** The order's fulfilment may be claimed: paid, not sent, no live claim (`now` is the parameter). */
const FULFILMENT_OPEN = (now: string) => `"status" IN (${PAID_SQL}) AND "fulfilmentSentAt" IS NULL AND ("fulfilmentLeaseUntil" IS NULL OR "fulfilmentLeaseUntil" <= ${now})`;
/** Optional filters of the console's list: a NULL parameter is no filter (one statement text for every query). */
const LIST_WHERE = `WHERE ($1::text IS NULL OR "status" = $1) AND ($2::timestamp(3) IS NULL OR "createdAt" >= $2) AND ($3::timestamp(3) IS NULL OR "createdAt" < $3) AND ($4::text IS NULL OR "appId" = $4)`;
const RECOMPUTE_REFUNDED = `
  UPDATE "PayOrder" SET
    "refunded" = (SELECT COALESCE(SUM("amount"), 0) FROM "PayRefund" WHERE "outTradeNo" = $1 AND "status" = 'SUCCESS'),
    "status" = CASE
      WHEN "status" IN (${PAID_SQL})
        AND (SELECT COALESCE(SUM("amount"), 0) FROM "PayRefund" WHERE "outTradeNo" = $1 AND "status" = 'SUCCESS') >= "amount"
      THEN 'REFUND' ELSE "status" END,
    "updatedAt" = $2::timestamp(3)
  WHERE "outTradeNo" = $1`;

/** Every statement, by name: each is prepared on a connection the first time it runs there. */
const SQL = {
  insertOrder: `
    INSERT INTO "PayOrder" ("outTradeNo", "appId", "mchid", "productId", "description", "amount", "openid", "status", "refunded", "expiresAt", "fulfilmentAttempts", "createdAt", "updatedAt")
    VALUES ($1, $2, $3, $4, $5, $6, $7, 'NOTPAY', 0, $8::timestamp(3), 0, $9::timestamp(3), $10::timestamp(3))`,
  setPrepayId: `UPDATE "PayOrder" SET "prepayId" = $1, "updatedAt" = $2::timestamp(3) WHERE "outTradeNo" = $3`,
  findOrders: `SELECT ${ORDER_COLUMNS} FROM "PayOrder" WHERE "outTradeNo" = ANY($1::text[])`,
  claimQuery: `
    UPDATE "PayOrder" SET "lastQueriedAt" = $1::timestamp(3), "updatedAt" = $2::timestamp(3)
    WHERE "outTradeNo" = $3 AND "status" = 'NOTPAY' AND ("lastQueriedAt" IS NULL OR "lastQueriedAt" <= $4::timestamp(3))`,
  markPaid: `
    UPDATE "PayOrder" SET "status" = 'SUCCESS', "transactionId" = $1, "paidAt" = $2::timestamp(3), "updatedAt" = $3::timestamp(3)
    WHERE "outTradeNo" = $4 AND "status" = ANY($5::text[])`,
  changeStatus: `UPDATE "PayOrder" SET "status" = $1, "updatedAt" = $2::timestamp(3) WHERE "outTradeNo" = $3 AND "status" = ANY($4::text[])`,
  listOrders: `SELECT ${ORDER_COLUMNS} FROM "PayOrder" ${LIST_WHERE} ORDER BY "createdAt" DESC, "outTradeNo" DESC LIMIT $5 OFFSET $6`,
  listTotals: `
    SELECT COUNT(*)::int AS "orders", COALESCE(SUM("refunded"), 0)::int AS "refunded",
      COUNT(CASE WHEN "status" IN (${PAID_SQL}) THEN 1 END)::int AS "paidCount",
      COALESCE(SUM(CASE WHEN "status" IN (${PAID_SQL}) THEN "amount" END), 0)::int AS "paidAmount"
    FROM "PayOrder" ${LIST_WHERE}`,
  ordersCreatedBetween: `
    SELECT "status", "amount", "refunded", ${EPOCH_MS("createdAt")} FROM "PayOrder" WHERE "createdAt" >= $1::timestamp(3) AND "createdAt" < $2::timestamp(3) AND ($3::text IS NULL OR "appId" = $3)`,
  unpaidOrders: `SELECT ${ORDER_COLUMNS} FROM "PayOrder" WHERE "status" = 'NOTPAY' AND "createdAt" < $1::timestamp(3) ORDER BY "createdAt" ASC LIMIT $2`,
  unfulfilledOrders: `SELECT ${ORDER_COLUMNS} FROM "PayOrder" WHERE ${FULFILMENT_OPEN("$1::timestamp(3)")} ORDER BY "paidAt" ASC LIMIT $2`,
  claimFulfilment: `
    UPDATE "PayOrder" SET "fulfilmentLeaseUntil" = $1::timestamp(3), "fulfilmentAttempts" = "fulfilmentAttempts" + 1, "updatedAt" = $2::timestamp(3)
    WHERE "outTradeNo" = $3 AND ${FULFILMENT_OPEN("$4::timestamp(3)")}`,
  completeFulfilment: `UPDATE "PayOrder" SET "fulfilmentSentAt" = $1::timestamp(3), "fulfilmentLeaseUntil" = NULL, "updatedAt" = $2::timestamp(3) WHERE "outTradeNo" = $3`,
  releaseFulfilment: `UPDATE "PayOrder" SET "fulfilmentLeaseUntil" = NULL, "updatedAt" = $1::timestamp(3) WHERE "outTradeNo" = $2 AND "fulfilmentSentAt" IS NULL`,
  insertRefund: `
    INSERT INTO "PayRefund" ("outRefundNo", "outTradeNo", "amount", "reason", "status", "createdAt") VALUES ($1, $2, $3, $4, $5, $6::timestamp(3))`,
  findRefund: `SELECT ${REFUND_COLUMNS} FROM "PayRefund" WHERE "outRefundNo" = $1`,
  listRefunds: `SELECT ${REFUND_COLUMNS} FROM "PayRefund" WHERE "outTradeNo" = $1 ORDER BY "createdAt" ASC, "outRefundNo" ASC`,
  pendingRefunds: `SELECT ${REFUND_COLUMNS} FROM "PayRefund" WHERE "status" = 'PROCESSING' AND "createdAt" < $1::timestamp(3) ORDER BY "createdAt" ASC LIMIT $2`,
  // Prisma's updateMany sets only the fields given: refundId stays when none is given (NULL here).
  endRefund: `
    UPDATE "PayRefund" SET "status" = $1, "finishedAt" = $2::timestamp(3), "refundId" = COALESCE($3, "refundId") WHERE "outRefundNo" = $4 AND "status" = 'PROCESSING'`,
  refundOrder: `SELECT "outTradeNo" FROM "PayRefund" WHERE "outRefundNo" = $1`,
  lockOrder: `SELECT 1 FROM "PayOrder" WHERE "outTradeNo" = $1 FOR UPDATE`,
  succeedRefund: `
    UPDATE "PayRefund" SET "status" = 'SUCCESS', "finishedAt" = $1::timestamp(3), "refundId" = COALESCE($2, "refundId") WHERE "outRefundNo" = $3 AND "status" <> 'SUCCESS'`,
  recomputeRefunded: RECOMPUTE_REFUNDED,
  addEvents: `
    INSERT INTO "PayEvent" ("key", "outTradeNo", "kind", "detail", "at")
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamp(3)[])
    ON CONFLICT ("key") DO NOTHING RETURNING "key"`,
  timeline: `SELECT "key", "outTradeNo", "kind", "detail", ${EPOCH_MS("at")} FROM "PayEvent" WHERE "outTradeNo" = $1 ORDER BY "at" ASC, "key" ASC`,
} as const;

export type Name = keyof typeof SQL;
export type Runner = Pick<Pool, "query"> | PoolClient;

export async function run<R extends object>(on: Runner, name: Name, values: unknown[]): Promise<{ rows: R[]; rowCount: number }> {
  const result = await on.query<R>({ name: `wx_pay_${name}`, text: SQL[name], values });
  return { rows: result.rows, rowCount: result.rowCount ?? 0 };
}

export const toOrder = (r: OrderRow): OrderRecord => r;

/** The store's columns already are its record's (dates as epoch ms). */
export const toRefund = (r: RefundRecord): RefundRecord => r;

