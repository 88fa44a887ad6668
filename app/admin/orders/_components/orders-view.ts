/**
 * The console's 订单 screen: the shapes GET /api/admin/pay/* answer with (docs/wechat-pay.md, "The
 * app's routes and shapes") and how each is shown. Pure: used by the screen and its tests.
 */
import { formatYuan, parseYuan } from "../../../_components/money";

export interface AdminOrder {
  outTradeNo: string;
  productId: string;
  productName?: string;
  amount: number;
  status: string;
  transactionId?: string;
  paidAt?: string;
  refunded: number;
  createdAt: string;
  openid: string;
  refundable: number;
  fulfilledAt: string | null;
}

export interface OrderTotals {
  orders: number;
  paidCount: number;
  paidAmount: number;
  refundedAmount: number;
}

export interface OrdersPage {
  items: AdminOrder[];
  total: number;
  totals?: OrderTotals;
}

export interface Refund {
  outRefundNo: string;
  amount: number;
  reason: string | null;
  status: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface TimelineEvent {
  kind: string;
  at: string;
  detail: string | null;
}

export interface OrderDetail {
  order: AdminOrder;
  refunds: Refund[];
  timeline: TimelineEvent[];
}

export interface DaySummary {
  day: string;
  orders: number;
  paidCount: number;
  paidAmount: number;
  refundedAmount: number;
}

export type BadgeTone = "green" | "grey" | "orange" | "red" | "blue";

/** The status filter's choices, in the order the tabs show them ("" is every order). */
export const STATUS_FILTERS: ReadonlyArray<{ value: string; label: string }> = [
  { value: "", label: "全部" },
  { value: "SUCCESS", label: "已支付" },
  { value: "NOTPAY", label: "待支付" },
  { value: "REFUND", label: "已退款" },
  { value: "CLOSED", label: "已关闭" },
];

/** WeChat Pay's trade_state in Chinese, with a partial refund told apart from an untouched payment. */
export function orderStatusLabel(order: Pick<AdminOrder, "status" | "refunded" | "amount">): { text: string; tone: BadgeTone } {
  switch (order.status) {
    case "SUCCESS":
      return order.refunded > 0 ? { text: "部分退款", tone: "blue" } : { text: "已支付", tone: "green" };
    case "REFUND":
      return order.refunded >= order.amount ? { text: "已全额退款", tone: "blue" } : { text: "已退款", tone: "blue" };
    case "NOTPAY":
      return { text: "待支付", tone: "orange" };
    case "USERPAYING":
      return { text: "支付中", tone: "orange" };
    case "CLOSED":
      return { text: "已关闭", tone: "grey" };
    case "REVOKED":
      return { text: "已撤销", tone: "grey" };
    case "PAYERROR":
      return { text: "支付失败", tone: "red" };
    default:
      return { text: order.status, tone: "grey" };
  }
}

export function refundStatusLabel(status: string): { text: string; tone: BadgeTone } {
  switch (status) {
    case "SUCCESS":
      return { text: "退款成功", tone: "green" };
    case "PROCESSING":
      return { text: "处理中", tone: "orange" };
    case "ABNORMAL":
      return { text: "退款异常", tone: "red" };
    case "CLOSED":
      return { text: "已关闭", tone: "grey" };
    case "FAILED":
      return { text: "被拒绝", tone: "red" };
    default:
      return { text: status, tone: "grey" };
  }
}

const PAID_BY: Record<string, string> = { notify: "支付通知", query: "查单", reconcile: "定时对账" };
const NOTIFY_TYPES: Record<string, string> = {
  "TRANSACTION.SUCCESS": "支付成功通知",
  "REFUND.SUCCESS": "退款成功通知",
  "REFUND.ABNORMAL": "退款异常通知",
  "REFUND.CLOSED": "退款关闭通知",
};
const fenDetail = (detail: string | null): string | null => (detail !== null && /^\d+$/.test(detail) ? formatYuan(Number(detail)) : detail);

/** One timeline entry in Chinese: what happened and the detail worth reading. */
export function timelineText(event: TimelineEvent): { title: string; detail: string | null } {
  switch (event.kind) {
    case "created":
      return { title: "下单", detail: null };
    case "notified":
      return { title: "收到微信支付通知", detail: event.detail ? (NOTIFY_TYPES[event.detail] ?? event.detail) : null };
    case "paid":
      return { title: "支付成功", detail: event.detail ? `由${PAID_BY[event.detail] ?? event.detail}确认` : null };
    case "fulfilled":
      return { title: "已给买家发送订单消息", detail: null };
    case "refund_requested":
      return { title: "申请退款", detail: fenDetail(event.detail) };
    case "refunded":
      return { title: "退款成功", detail: fenDetail(event.detail) };
    case "refund_failed":
      return { title: "退款失败", detail: event.detail };
    case "closed":
      return { title: "订单关闭", detail: event.detail === "expired" ? "超时未支付" : event.detail };
    case "mismatch":
      return { title: "通知与订单不符，未入账", detail: event.detail };
    default:
      return { title: event.kind, detail: event.detail };
  }
}

/**
 * The refund form's check, the same rule the server applies (amount − refunded − in progress):
 * the fen to refund, or the reason it cannot be sent.
 */
export function checkRefundAmount(input: string, refundable: number): { ok: true; fen: number } | { ok: false; message: string } {
  if (refundable <= 0) return { ok: false, message: "这笔订单已没有可退金额。" };
  if (input.trim() === "") return { ok: false, message: "请填写退款金额。" };
  const fen = parseYuan(input);
  if (fen === null) return { ok: false, message: "请输入正确的金额，例如 5 或 5.20（最多两位小数）。" };
  if (fen <= 0) return { ok: false, message: "退款金额需大于 0。" };
  if (fen > refundable) return { ok: false, message: `超过可退金额：最多可退 ${formatYuan(refundable)}。` };
  return { ok: true, fen };
}

/** "2026-12-06" → "12月6日" (a Beijing day as the API gives it). */
export function dayLabel(day: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${Number(m[1])}月${Number(m[2])}日` : day;
}
