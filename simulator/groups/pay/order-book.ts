/**
 * WeChat Pay's record of orders and refunds: what was ordered (and the fingerprint that decides
 * whether a repeated out_trade_no is the same order), the trade state, and the refunds against it.
 * Orders are unique per merchant by out_trade_no; prepay_id and transaction_id are global.
 */
import { randomBytes, randomInt } from "node:crypto";
import { beijingTime } from "./pay-time";

/** trade_state as the query answers it. */
export type TradeState = "NOTPAY" | "SUCCESS" | "REFUND" | "CLOSED" | "PAYERROR";
export type RefundStatus = "PROCESSING" | "SUCCESS" | "ABNORMAL" | "CLOSED";

/** A prepay_id is good for two hours; a repeated order after that gets a new one. */
export const PREPAY_TTL_MS = 2 * 3600_000;

export interface Order {
  mchid: string;
  appid: string;
  outTradeNo: string;
  description: string;
  notifyUrl: string;
  attach?: string;
  /** time_expire as sent, and as milliseconds. */
  timeExpire?: { text: string; at: number };
  total: number;
  payerOpenid: string;
  /** The order's parameters in a canonical form: the same out_trade_no with others is INVALID_REQUEST. */
  fingerprint: string;
  prepayId: string;
  prepayIssuedAt: number;
  tradeState: TradeState;
  transactionId?: string;
  successTime?: number;
  createdAt: number;
  /** Fen refunded by refunds that ended SUCCESS. */
  refunded: number;
}

export interface Refund {
  mchid: string;
  refundId: string;
  outRefundNo: string;
  outTradeNo: string;
  transactionId: string;
  reason?: string;
  notifyUrl: string;
  refund: number;
  total: number;
  fingerprint: string;
  status: RefundStatus;
  createdAt: number;
  successTime?: number;
}

/** prepay_id: `wx` + Beijing yyyyMMddHHmmss + 20 hex (36 characters), as WeChat Pay hands them out. */
export function newPrepayId(now: number): string {
  return `wx${beijingTime(now).replace(/\D/g, "").slice(0, 14)}${randomBytes(10).toString("hex")}`;
}

const digits = (n: number): string => Array.from({ length: n }, () => String(randomInt(10))).join("");

/** transaction_id: 28 digits starting 4200 (JSAPI), the Beijing date, then a serial. */
export function newTransactionId(now: number): string {
  return `4200${digits(4)}${beijingTime(now).slice(0, 10).replace(/-/g, "")}${digits(12)}`;
}

/** refund_id: 29 digits starting 50. */
export function newRefundId(): string {
  return `50${digits(27)}`;
}

const orderKey = (mchid: string, outTradeNo: string): string => `${mchid}\u0000${outTradeNo}`;

export class OrderBook {
  private readonly orders = new Map<string, Order>();
  private readonly byPrepayId = new Map<string, Order>();
  private readonly byTransactionId = new Map<string, Order>();
  private readonly refunds = new Map<string, Refund>();

  addOrder(order: Order): void {
    this.orders.set(orderKey(order.mchid, order.outTradeNo), order);
    this.byPrepayId.set(order.prepayId, order);
  }

  /** A repeated order after its prepay_id lapsed gets a new one; the old stops working. */
  reissuePrepayId(order: Order, prepayId: string, now: number): void {
    this.byPrepayId.delete(order.prepayId);
    order.prepayId = prepayId;
    order.prepayIssuedAt = now;
    this.byPrepayId.set(prepayId, order);
  }

  order(mchid: string, outTradeNo: string): Order | undefined {
    return this.orders.get(orderKey(mchid, outTradeNo));
  }

  orderByPrepayId(prepayId: string): Order | undefined {
    return this.byPrepayId.get(prepayId);
  }

  orderByTransactionId(mchid: string, transactionId: string): Order | undefined {
    const order = this.byTransactionId.get(transactionId);
    return order?.mchid === mchid ? order : undefined;
  }

  /** Records the payment: SUCCESS, with a transaction_id the query by id then finds. */
  markPaid(order: Order, now: number): void {
    order.tradeState = "SUCCESS";
    order.transactionId = newTransactionId(now);
    order.successTime = now;
    this.byTransactionId.set(order.transactionId, order);
  }

  addRefund(refund: Refund): void {
    this.refunds.set(orderKey(refund.mchid, refund.outRefundNo), refund);
  }

  refund(mchid: string, outRefundNo: string): Refund | undefined {
    return this.refunds.get(orderKey(mchid, outRefundNo));
  }

  /** Fen that can still be refunded: paid minus refunds that succeeded or are still processing. */
  refundable(order: Order): number {
    let pending = 0;
    for (const r of this.refunds.values()) if (r.mchid === order.mchid && r.outTradeNo === order.outTradeNo && r.status === "PROCESSING") pending += r.refund;
    return order.total - order.refunded - pending;
  }

  allOrders(): Order[] {
    return [...this.orders.values()];
  }

  allRefunds(): Refund[] {
    return [...this.refunds.values()];
  }

  clear(): void {
    this.orders.clear();
    this.byPrepayId.clear();
    this.byTransactionId.clear();
    this.refunds.clear();
  }
}
