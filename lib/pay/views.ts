/** The JSON the routes answer with (docs/wechat-pay.md, "The app's routes and shapes"). */
import type { OrderRecord, PayEventRecord, RefundRecord } from "./store";

export interface OrderView {
  outTradeNo: string;
  productId: string;
  productName: string;
  amount: number;
  status: string;
  transactionId?: string;
  paidAt?: string;
  refunded: number;
  createdAt: string;
}

export interface AdminOrderView extends OrderView {
  openid: string;
  refundable: number;
  fulfilledAt: string | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function orderView(o: OrderRecord): OrderView {
  return {
    outTradeNo: o.outTradeNo,
    productId: o.productId,
    productName: o.description,
    amount: o.amount,
    status: o.status,
    ...(o.transactionId !== null && { transactionId: o.transactionId }),
    ...(o.paidAt !== null && { paidAt: iso(o.paidAt) }),
    refunded: o.refunded,
    createdAt: iso(o.createdAt),
  };
}

/** Fen that may still be refunded: paid, less what is refunded or being refunded. */
export function refundable(o: OrderRecord, refunds: readonly RefundRecord[]): number {
  if (o.status !== "SUCCESS") return 0;
  const inProgress = refunds.filter((r) => r.status === "PROCESSING").reduce((sum, r) => sum + r.amount, 0);
  return Math.max(0, o.amount - o.refunded - inProgress);
}

export function adminOrderView(o: OrderRecord, refunds: readonly RefundRecord[] | null): AdminOrderView {
  // Without the refunds at hand (a list), refunds in progress are not subtracted.
  const left = refunds ? refundable(o, refunds) : o.status === "SUCCESS" ? o.amount - o.refunded : 0;
  return { ...orderView(o), openid: o.openid, refundable: left, fulfilledAt: o.fulfilmentSentAt === null ? null : iso(o.fulfilmentSentAt) };
}

export const refundView = (r: RefundRecord) => ({
  outRefundNo: r.outRefundNo,
  amount: r.amount,
  reason: r.reason,
  status: r.status,
  createdAt: iso(r.createdAt),
  finishedAt: r.finishedAt === null ? null : iso(r.finishedAt),
});

export const eventView = (e: PayEventRecord) => ({ kind: e.kind, at: iso(e.at), detail: e.detail });

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The Beijing day (UTC+8) of a time, YYYY-MM-DD. */
export const beijingDay = (ms: number): string => new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);

/** [start, end) of a Beijing day given as YYYY-MM-DD, or null when it is not one. */
export function beijingDayRange(day: string): { from: number; to: number } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const start = Date.parse(`${day}T00:00:00+08:00`);
  if (Number.isNaN(start) || beijingDay(start) !== day) return null;
  return { from: start, to: start + DAY_MS };
}

/** RFC 3339 in Beijing time, as WeChat Pay's time_expire wants it: 2018-06-08T10:34:56+08:00. */
export const beijingRfc3339 = (ms: number): string => `${new Date(Math.floor(ms / 1000) * 1000 + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
