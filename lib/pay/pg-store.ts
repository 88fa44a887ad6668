import "server-only";
import type { Pool, PoolClient } from "pg";
import { createGroupCommit } from "../stores/group-commit";
import { utcDateFormatter, utcDateText } from "../stores/utc-date-text";
import { PAID_STATUSES, type OrderQuery, type OrderRecord, type PayEventRecord, type PayStore, type RefundRecord } from "./store";

/**
 * The pay store on PostgreSQL through `pg` named prepared statements, on the pool Prisma uses
 * (lib/db/client.ts), instead of through Prisma — as the webhook's stores are
 * (lib/stores/pg-webhook-stores.ts).
 *
 * Why: a WeChat Pay notification is two lookups, two timeline rows and (once) the payment, and
 * through Prisma each query is built and interpreted anew: 1.2–1.8 ms of CPU per notification on
 * PostgreSQL (docs/benchmarks.md). Here every statement has fixed text (a set of states is an
 * array parameter, `= ANY($n)`), so each is parsed once per connection; the notification's
 * order lookups and timeline rows are group-committed (lib/stores/group-commit.ts), one
 * statement per batch of concurrent notifications.
 *
 * The tables, columns and values are exactly Prisma's (prisma-store.ts reads these rows): dates
 * go in as UTC text into `timestamp(3)` and come out as epoch milliseconds, `updatedAt` is set on
 * every write as `@updatedAt` is. Every state change is one conditional UPDATE whose row count
 * says whether this call made it (PostgreSQL re-checks the condition on a row another
 * transaction changed meanwhile), so it happens once across processes. A refund's success and
 * the order's `refunded` change in one transaction that first locks the order's row, so two
 * refunds of one order finishing at once are both counted; `refunded` is recomputed from the
 * refunds, never incremented.
 */

/** Most calls per batched statement (arrays: no parameter limit; this bounds one statement's work). */
const MAX_BATCH = 500;
/** As for the webhook's stores: longer than any caller's own bound on a store call. */
const WRITE_TIMEOUT_MS = 2_000;

type OrderRow = Omit<OrderRecord, "paidAt" | "expiresAt" | "lastQueriedAt" | "fulfilmentSentAt" | "createdAt"> & {
  paidAt: number | null;
  expiresAt: number;
  lastQueriedAt: number | null;
  fulfilmentSentAt: number | null;
  createdAt: number;
};

const EPOCH_MS = (column: string) => `(extract(epoch from "${column}") * 1000)::float8 AS "${column}"`;
const ORDER_COLUMNS = `"outTradeNo", "appId", "mchid", "productId", "description", "amount", "openid", "status", "transactionId", ${EPOCH_MS("paidAt")},
  "refunded", "prepayId", ${EPOCH_MS("expiresAt")}, ${EPOCH_MS("lastQueriedAt")}, ${EPOCH_MS("fulfilmentSentAt")}, ${EPOCH_MS("createdAt")}`;
const REFUND_COLUMNS = `"outRefundNo", "outTradeNo", "amount", "reason", "status", "refundId", ${EPOCH_MS("createdAt")}, ${EPOCH_MS("finishedAt")}`;
const PAID_SQL = PAID_STATUSES.map((s) => `'${s}'`).join(", ");
/** The order's fulfilment may be claimed: paid, not sent, no live claim (`now` is the parameter). */
const FULFILMENT_OPEN = (now: string) => `"status" IN (${PAID_SQL}) AND "fulfilmentSentAt" IS NULL AND ("fulfilmentLeaseUntil" IS NULL OR "fulfilmentLeaseUntil" <= ${now})`;
/** Optional filters of the console's list: a NULL parameter is no filter (one statement text for every query). */
const LIST_WHERE = `WHERE ($1::text IS NULL OR "status" = $1) AND ($2::timestamp(3) IS NULL OR "createdAt" >= $2) AND ($3::timestamp(3) IS NULL OR "createdAt" < $3)`;
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
  listOrders: `SELECT ${ORDER_COLUMNS} FROM "PayOrder" ${LIST_WHERE} ORDER BY "createdAt" DESC, "outTradeNo" DESC LIMIT $4 OFFSET $5`,
  listTotals: `
    SELECT COUNT(*)::int AS "orders", COALESCE(SUM("refunded"), 0)::int AS "refunded",
      COUNT(CASE WHEN "status" IN (${PAID_SQL}) THEN 1 END)::int AS "paidCount",
      COALESCE(SUM(CASE WHEN "status" IN (${PAID_SQL}) THEN "amount" END), 0)::int AS "paidAmount"
    FROM "PayOrder" ${LIST_WHERE}`,
  ordersCreatedBetween: `
    SELECT "status", "amount", "refunded", ${EPOCH_MS("createdAt")} FROM "PayOrder" WHERE "createdAt" >= $1::timestamp(3) AND "createdAt" < $2::timestamp(3)`,
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

type Name = keyof typeof SQL;
type Runner = Pick<Pool, "query"> | PoolClient;

async function run<R extends object>(on: Runner, name: Name, values: unknown[]): Promise<{ rows: R[]; rowCount: number }> {
  const result = await on.query<R>({ name: `wx_pay_${name}`, text: SQL[name], values });
  return { rows: result.rows, rowCount: result.rowCount ?? 0 };
}

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
  paidAt: r.paidAt,
  refunded: r.refunded,
  prepayId: r.prepayId,
  expiresAt: r.expiresAt,
  lastQueriedAt: r.lastQueriedAt,
  fulfilmentSentAt: r.fulfilmentSentAt,
  createdAt: r.createdAt,
});

/** The store's columns already are its record's (dates as epoch ms). */
const toRefund = (r: RefundRecord): RefundRecord => r;

/** The notification's two hot calls, batched: order lookups and timeline rows. */
function batched(pool: Pool) {
  const findBatch = createGroupCommit<string, OrderRecord | null>(async (keys) => {
    const { rows } = await run<OrderRow>(pool, "findOrders", [[...new Set(keys)]]);
    const found = new Map(rows.map((r) => [r.outTradeNo, toOrder(r)]));
    // Each caller gets its own copy: a record is the caller's to keep.
    return keys.map((key) => {
      const order = found.get(key);
      return order ? { ...order } : null;
    });
  }, { maxBatch: MAX_BATCH, timeoutMs: WRITE_TIMEOUT_MS });

  const eventDate = utcDateFormatter();
  const addBatch = createGroupCommit<PayEventRecord, boolean>(async (events) => {
    // An INSERT … ON CONFLICT may not touch one key twice: the first of each key is written, later ones lose.
    const first = new Map<string, number>();
    events.forEach((e, i) => first.has(e.key) || first.set(e.key, i));
    const rows = [...first.values()].map((i) => events[i] as PayEventRecord);
    const { rows: inserted } = await run<{ key: string }>(pool, "addEvents", [
      rows.map((e) => e.key),
      rows.map((e) => e.outTradeNo),
      rows.map((e) => e.kind),
      rows.map((e) => e.detail),
      rows.map((e) => eventDate(e.at)),
    ]);
    const written = new Set(inserted.map((r) => r.key));
    return events.map((e, i) => first.get(e.key) === i && written.has(e.key));
  }, { maxBatch: MAX_BATCH, timeoutMs: WRITE_TIMEOUT_MS });

  return { findBatch, addBatch };
}

export function createPgPayStore(pool: Pool): PayStore {
  const { findBatch, addBatch } = batched(pool);
  const nowDate = utcDateFormatter();
  const updatedAt = () => nowDate(Date.now());
  const date = utcDateText;
  const changed = async (name: Name, values: unknown[]) => (await run(pool, name, values)).rowCount === 1;
  const listParams = (q: OrderQuery) => [q.status ?? null, q.from === undefined ? null : date(q.from), q.to === undefined ? null : date(q.to)];

  /** The refund's end and the order's total, in one transaction holding the order's row. */
  async function refundSucceeded(outRefundNo: string, finishedAt: string, refundId: string | null): Promise<boolean> {
    const [refund] = (await run<{ outTradeNo: string }>(pool, "refundOrder", [outRefundNo])).rows;
    if (!refund) return false;
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await run(client, "lockOrder", [refund.outTradeNo]);
      const made = (await run(client, "succeedRefund", [finishedAt, refundId, outRefundNo])).rowCount === 1;
      await run(client, "recomputeRefunded", [refund.outTradeNo, updatedAt()]);
      await client.query("COMMIT");
      return made;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  return {
    async insertOrder(o) {
      await run(pool, "insertOrder", [o.outTradeNo, o.appId, o.mchid, o.productId, o.description, o.amount, o.openid, date(o.expiresAt), date(o.createdAt), updatedAt()]);
    },
    async setPrepayId(outTradeNo, prepayId) {
      await run(pool, "setPrepayId", [prepayId, updatedAt(), outTradeNo]);
    },
    findOrder: (outTradeNo) => findBatch(outTradeNo),
    claimQuery: (outTradeNo, now, minIntervalMs) => changed("claimQuery", [date(now), updatedAt(), outTradeNo, date(now - minIntervalMs)]),
    markPaid: (outTradeNo, from, paid) => changed("markPaid", [paid.transactionId, date(paid.paidAt), updatedAt(), outTradeNo, [...from]]),
    changeStatus: (outTradeNo, from, to) => changed("changeStatus", [to, updatedAt(), outTradeNo, [...from]]),
    async listOrders(query) {
      const params = listParams(query);
      const [{ rows }, { rows: totals }] = await Promise.all([
        run<OrderRow>(pool, "listOrders", [...params, query.limit, query.offset]),
        run<{ orders: number; refunded: number; paidCount: number; paidAmount: number }>(pool, "listTotals", params),
      ]);
      const t = totals[0] ?? { orders: 0, refunded: 0, paidCount: 0, paidAmount: 0 };
      return { items: rows.map(toOrder), total: t.orders, totals: { orders: t.orders, paidCount: t.paidCount, paidAmount: t.paidAmount, refundedAmount: t.refunded } };
    },
    async ordersCreatedBetween(from, to) {
      return (await run<{ status: string; amount: number; refunded: number; createdAt: number }>(pool, "ordersCreatedBetween", [date(from), date(to)])).rows;
    },
    async unpaidOrders(before, limit) {
      return (await run<OrderRow>(pool, "unpaidOrders", [date(before), limit])).rows.map(toOrder);
    },

    async unfulfilledOrders(now, limit) {
      return (await run<OrderRow>(pool, "unfulfilledOrders", [date(now), limit])).rows.map(toOrder);
    },
    claimFulfilment: (outTradeNo, now, leaseMs) => changed("claimFulfilment", [date(now + leaseMs), updatedAt(), outTradeNo, date(now)]),
    async completeFulfilment(outTradeNo, at) {
      await run(pool, "completeFulfilment", [date(at), updatedAt(), outTradeNo]);
    },
    async releaseFulfilment(outTradeNo) {
      await run(pool, "releaseFulfilment", [updatedAt(), outTradeNo]);
    },

    async insertRefund(r) {
      await run(pool, "insertRefund", [r.outRefundNo, r.outTradeNo, r.amount, r.reason, r.status, date(r.createdAt)]);
    },
    async findRefund(outRefundNo) {
      const [row] = (await run<RefundRecord>(pool, "findRefund", [outRefundNo])).rows;
      return row ? toRefund(row) : null;
    },
    async listRefunds(outTradeNo) {
      return (await run<RefundRecord>(pool, "listRefunds", [outTradeNo])).rows.map(toRefund);
    },
    async pendingRefunds(before, limit) {
      return (await run<RefundRecord>(pool, "pendingRefunds", [date(before), limit])).rows.map(toRefund);
    },
    async finishRefund(outRefundNo, end) {
      const refundId = end.refundId ?? null;
      const finishedAt = date(end.finishedAt);
      if (end.status !== "SUCCESS") return changed("endRefund", [end.status, finishedAt, refundId, outRefundNo]);
      return refundSucceeded(outRefundNo, finishedAt, refundId);
    },

    addEvent: (e) => addBatch(e),
    async timeline(outTradeNo) {
      return (await run<PayEventRecord>(pool, "timeline", [outTradeNo])).rows;
    },
  };
}
