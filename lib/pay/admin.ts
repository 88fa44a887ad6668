/** The console's view of orders: a filtered page with totals, one order in full, daily totals. */
import type { PayDeps } from "./deps";
import { PayRequestError } from "./request-error";
import { PAID_STATUSES } from "./store";
import { adminOrderView, beijingDay, beijingDayRange, eventView, refundView } from "./views";

const STATUSES = new Set(["NOTPAY", "SUCCESS", "REFUND", "CLOSED", "PAYERROR", "USERPAYING", "REVOKED"]);
const DAY_MS = 86_400_000;
const KIND_ORDER = ["created", "notified", "mismatch", "paid", "fulfilled", "refund_requested", "refunded", "refund_failed", "closed"];
const rank = (kind: string): number => (KIND_ORDER.indexOf(kind) + KIND_ORDER.length + 1) % (KIND_ORDER.length + 1);

function intParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new PayRequestError(400, "invalid_request", { field: name });
  return n;
}

export async function listOrders(deps: PayDeps, params: URLSearchParams) {
  const status = params.get("status") || undefined;
  if (status !== undefined && !STATUSES.has(status)) throw new PayRequestError(400, "invalid_request", { field: "status" });
  const day = params.get("day") || undefined;
  const range = day === undefined ? undefined : beijingDayRange(day);
  if (range === null) throw new PayRequestError(400, "invalid_request", { field: "day" });
  const offset = intParam(params, "offset", 0, 0, 1_000_000);
  const limit = intParam(params, "limit", 20, 1, 100);
  const page = await deps.store.listOrders({ appId: deps.appId, status, from: range?.from, to: range?.to, offset, limit });
  return { items: page.items.map((o) => adminOrderView(o, null)), total: page.total, totals: page.totals };
}

export async function orderDetail(deps: PayDeps, outTradeNo: string) {
  const order = await deps.store.findOrder(outTradeNo);
  // Another account's order (one merchant, several accounts) is not this console's: not found, not leaked.
  if (!order || order.appId !== deps.appId) throw new PayRequestError(404, "not_found");
  const [refunds, timeline] = await Promise.all([deps.store.listRefunds(outTradeNo), deps.store.timeline(outTradeNo)]);
  // Facts learnt in the same millisecond keep the order in which they can happen.
  const sorted = [...timeline].sort((a, b) => a.at - b.at || rank(a.kind) - rank(b.kind));
  return { order: adminOrderView(order, refunds), refunds: refunds.map(refundView), timeline: sorted.map(eventView) };
}

export async function dailySummary(deps: PayDeps, params: URLSearchParams) {
  const days = intParam(params, "days", 14, 1, 90);
  const today = beijingDayRange(beijingDay(deps.now()))!;
  const from = today.from - (days - 1) * DAY_MS;
  // This account's orders only, as the list: several accounts may pay through one merchant.
  const rows = await deps.store.ordersCreatedBetween(from, today.to, deps.appId);
  const byDay = new Map<string, { day: string; orders: number; paidCount: number; paidAmount: number; refundedAmount: number }>();
  for (let i = 0; i < days; i++) {
    const day = beijingDay(from + i * DAY_MS);
    byDay.set(day, { day, orders: 0, paidCount: 0, paidAmount: 0, refundedAmount: 0 });
  }
  for (const row of rows) {
    const entry = byDay.get(beijingDay(row.createdAt));
    if (!entry) continue;
    entry.orders += 1;
    if ((PAID_STATUSES as readonly string[]).includes(row.status)) {
      entry.paidCount += 1;
      entry.paidAmount += row.amount;
    }
    entry.refundedAmount += row.refunded;
  }
  return { days: [...byDay.values()] };
}
