/**
 * What the pay feature keeps: orders, refunds and each order's timeline, behind one interface
 * with a memory implementation (memory-store.ts: unit tests, one process) and a database one
 * (prisma-store.ts; on prepared statements, sqlite-store.ts and pg-store.ts). Every implementation passes testing/pay-store-contract.ts.
 *
 * State changes are conditional ("from these states to that one") and report whether this call
 * made the change: that is how a payment, a refund or a fulfilment takes effect once, across
 * concurrent notifications, queries and instances. Times are epoch milliseconds.
 */

export interface OrderRecord {
  outTradeNo: string;
  appId: string;
  mchid: string;
  productId: string;
  description: string;
  /** Fen. */
  amount: number;
  openid: string;
  status: string;
  transactionId: string | null;
  paidAt: number | null;
  refunded: number;
  prepayId: string | null;
  expiresAt: number;
  lastQueriedAt: number | null;
  fulfilmentSentAt: number | null;
  createdAt: number;
}

type OrderTimes = "paidAt" | "expiresAt" | "lastQueriedAt" | "fulfilmentSentAt" | "createdAt";
/** An order as a database hands it back, its times as that driver gives them (`D`). */
export type OrderRowOf<D> = Omit<OrderRecord, OrderTimes> & { paidAt: D | null; expiresAt: D; lastQueriedAt: D | null; fulfilmentSentAt: D | null; createdAt: D };

/** The record of a row, its times turned to epoch ms by `time` (extra columns of the row are left out). */
export function orderFromRow<D>(r: OrderRowOf<D>, time: (value: D) => number): OrderRecord {
  const maybe = (value: D | null): number | null => (value === null ? null : time(value));
  return {
    outTradeNo: r.outTradeNo,
    appId: r.appId,
    mchid: r.mchid,
    productId: r.productId,
    description: r.description,
    amount: r.amount,
    openid: r.openid,
    status: r.status,
    transactionId: r.transactionId,
    paidAt: maybe(r.paidAt),
    refunded: r.refunded,
    prepayId: r.prepayId,
    expiresAt: time(r.expiresAt),
    lastQueriedAt: maybe(r.lastQueriedAt),
    fulfilmentSentAt: maybe(r.fulfilmentSentAt),
    createdAt: time(r.createdAt),
  };
}

export type NewOrder = Pick<OrderRecord, "outTradeNo" | "appId" | "mchid" | "productId" | "description" | "amount" | "openid" | "expiresAt" | "createdAt">;

export interface RefundRecord {
  outRefundNo: string;
  outTradeNo: string;
  amount: number;
  reason: string | null;
  /** PROCESSING | SUCCESS | ABNORMAL | CLOSED | FAILED */
  status: string;
  refundId: string | null;
  createdAt: number;
  finishedAt: number | null;
}

export interface PayEventRecord {
  /** What happened, unique: the same fact recorded twice keeps one row. */
  key: string;
  outTradeNo: string;
  kind: string;
  detail: string | null;
  at: number;
}

export interface OrderQuery {
  status?: string;
  /** Only this account's orders (several accounts under one merchant). */
  appId?: string;
  /** createdAt in [from, to). */
  from?: number;
  to?: number;
  offset: number;
  limit: number;
}

export interface OrderTotals {
  orders: number;
  paidCount: number;
  /** Fen paid by orders that were paid (SUCCESS or REFUND). */
  paidAmount: number;
  refundedAmount: number;
}

/** The statuses in which an order has been paid. */
export const PAID_STATUSES = ["SUCCESS", "REFUND"] as const;

export interface PayStore {
  insertOrder(order: NewOrder): Promise<void>;
  setPrepayId(outTradeNo: string, prepayId: string): Promise<void>;
  findOrder(outTradeNo: string): Promise<OrderRecord | null>;
  /**
   * Claims the right to ask WeChat Pay about a NOTPAY order: true for at most one caller per
   * `minIntervalMs`, across instances (the query-on-read throttle).
   */
  claimQuery(outTradeNo: string, now: number, minIntervalMs: number): Promise<boolean>;
  /** `from` → SUCCESS with the transaction id and time; true only for the call that changed it. */
  markPaid(outTradeNo: string, from: readonly string[], paid: { transactionId: string; paidAt: number }): Promise<boolean>;
  /** `from` → `to` (CLOSED, PAYERROR, …); true only for the call that changed it. */
  changeStatus(outTradeNo: string, from: readonly string[], to: string): Promise<boolean>;
  listOrders(query: OrderQuery): Promise<{ items: OrderRecord[]; total: number; totals: OrderTotals }>;
  /** Orders created in [from, to), of account `appId` only when given: what a daily summary needs. */
  ordersCreatedBetween(from: number, to: number, appId?: string): Promise<Array<Pick<OrderRecord, "status" | "amount" | "refunded" | "createdAt">>>;
  /** NOTPAY orders created before `before`, oldest first. */
  unpaidOrders(before: number, limit: number): Promise<OrderRecord[]>;
  /** Paid orders whose customer-service text is not sent and not claimed at `now`. */
  unfulfilledOrders(now: number, limit: number): Promise<OrderRecord[]>;
  /** Claims sending the buyer's text until `now + leaseMs`; false when sent or claimed by another. */
  claimFulfilment(outTradeNo: string, now: number, leaseMs: number): Promise<boolean>;
  completeFulfilment(outTradeNo: string, at: number): Promise<void>;
  /** Gives a claim back after a failed send (another attempt may claim it at once). */
  releaseFulfilment(outTradeNo: string): Promise<void>;

  insertRefund(refund: Omit<RefundRecord, "refundId" | "finishedAt" | "status"> & { status: "PROCESSING" }): Promise<void>;
  findRefund(outRefundNo: string): Promise<RefundRecord | null>;
  listRefunds(outTradeNo: string): Promise<RefundRecord[]>;
  /** PROCESSING refunds created before `before`, oldest first. */
  pendingRefunds(before: number, limit: number): Promise<RefundRecord[]>;
  /**
   * A refund's end. To SUCCESS (from any other state): atomically, the order's `refunded` grows
   * by the refund's amount and the order becomes REFUND when fully refunded. Other ends
   * (ABNORMAL, CLOSED, FAILED) only from PROCESSING. True only for the call that changed it.
   */
  finishRefund(outRefundNo: string, end: { status: string; refundId?: string; finishedAt: number }): Promise<boolean>;

  /** Inserts unless the key exists; true when inserted. */
  addEvent(event: PayEventRecord): Promise<boolean>;
  timeline(outTradeNo: string): Promise<PayEventRecord[]>;
}

/** The store's methods in groups, for an implementation built from one factory per group (prisma-store.ts, sqlite-store.ts, pg-store.ts). */
export type FulfilmentMethods = Pick<PayStore, "unfulfilledOrders" | "claimFulfilment" | "completeFulfilment" | "releaseFulfilment">;
export type RefundMethods = Pick<PayStore, "insertRefund" | "findRefund" | "listRefunds" | "pendingRefunds" | "finishRefund" | "addEvent" | "timeline">;
export type OrderMethods = Omit<PayStore, keyof FulfilmentMethods | keyof RefundMethods>;
