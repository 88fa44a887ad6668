import "server-only";
import type { Pool } from "pg";
import { createGroupCommit } from "../stores/group-commit";
import { utcDateFormatter, utcDateText } from "../stores/utc-date-text";
import { run, toOrder, toRefund, type Name, type OrderRow } from "./pg-store-statements";
import type { FulfilmentMethods, OrderMethods, OrderQuery, OrderRecord, PayEventRecord, PayStore, RefundMethods, RefundRecord } from "./store";

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
 * The statements and the row mapping are pg-store-statements.ts; here, the store's methods in
 * three groups (orders, fulfilment, refunds and the timeline), as in prisma-store.ts.
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
const date = utcDateText;

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
  const on: On = {
    pool,
    updatedAt: () => nowDate(Date.now()),
    changed: async (name, values) => (await run(pool, name, values)).rowCount === 1,
  };
  return { ...orderMethods(on, findBatch), ...fulfilmentMethods(on), ...refundMethods(on, addBatch) };
}

/** What every group of methods runs on: the pool, `updatedAt`'s text, a conditional change. */
interface On {
  pool: Pool;
  updatedAt: () => string;
  changed: (name: Name, values: unknown[]) => Promise<boolean>;
}

function orderMethods({ pool, updatedAt, changed }: On, findBatch: (outTradeNo: string) => Promise<OrderRecord | null>): OrderMethods {
  const listParams = (q: OrderQuery) => [q.status ?? null, q.from === undefined ? null : date(q.from), q.to === undefined ? null : date(q.to), q.appId ?? null];
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
    async ordersCreatedBetween(from, to, appId) {
      return (await run<{ status: string; amount: number; refunded: number; createdAt: number }>(pool, "ordersCreatedBetween", [date(from), date(to), appId ?? null])).rows;
    },
    async unpaidOrders(before, limit) {
      return (await run<OrderRow>(pool, "unpaidOrders", [date(before), limit])).rows.map(toOrder);
    },
  };
}

function fulfilmentMethods({ pool, updatedAt, changed }: On): FulfilmentMethods {
  return {
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
  };
}

function refundMethods({ pool, updatedAt, changed }: On, addBatch: (event: PayEventRecord) => Promise<boolean>): RefundMethods {
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
