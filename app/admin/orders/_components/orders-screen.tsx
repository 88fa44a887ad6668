"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { formatYuan } from "../../../_components/money";
import { adminRequest } from "../../_components/admin-api";
import { formatBeijingTime } from "../../_components/format";
import screen from "../../_components/console-screen.module.css";
import { dayLabel, orderStatusLabel, STATUS_FILTERS, type BadgeTone, type DaySummary, type OrdersPage, type OrderTotals } from "./orders-view";
import styles from "./orders.module.css";

const PAGE_SIZE = 20;

export function StatusBadge({ tone, text, testId }: { tone: BadgeTone; text: string; testId?: string }): ReactNode {
  const cls = tone === "green" ? "badge" : tone === "blue" ? `badge ${styles.badgeBlue}` : `badge badge-${tone}`;
  return (
    <span className={cls} data-testid={testId}>
      {text}
    </span>
  );
}

function Totals({ totals, filtered }: { totals: OrderTotals; filtered: string }): ReactNode {
  return (
    <dl className={styles.totals} data-testid="orders-totals" aria-label={`合计（${filtered}）`}>
      <div>
        <dt>订单</dt>
        <dd data-testid="orders-total-count">{totals.orders} 笔</dd>
      </div>
      <div>
        <dt>已支付</dt>
        <dd data-testid="orders-total-paid">{formatYuan(totals.paidAmount)}</dd>
      </div>
      <div>
        <dt>已退款</dt>
        <dd data-testid="orders-total-refunded">{formatYuan(totals.refundedAmount)}</dd>
      </div>
      <div>
        <dt>实收</dt>
        <dd data-testid="orders-total-net">{formatYuan(totals.paidAmount - totals.refundedAmount)}</dd>
      </div>
    </dl>
  );
}

/** Paid amount per day, oldest first; a bar picks that day as the filter. */
function DayChart({ days, selected, onPick }: { days: DaySummary[]; selected: string; onPick: (day: string) => void }): ReactNode {
  const max = Math.max(1, ...days.map((d) => d.paidAmount));
  return (
    <ol className={styles.chart} aria-label="最近每日已支付金额，点击某天筛选" data-testid="orders-chart">
      {days.map((d) => (
        <li key={d.day}>
          <button
            type="button"
            className={styles.bar}
            aria-pressed={selected === d.day}
            aria-label={`${dayLabel(d.day)}：${d.orders} 笔订单，已支付 ${d.paidCount} 笔 ${formatYuan(d.paidAmount)}，已退款 ${formatYuan(d.refundedAmount)}`}
            title={`${dayLabel(d.day)} ${formatYuan(d.paidAmount)}`}
            onClick={() => onPick(selected === d.day ? "" : d.day)}
            data-testid="orders-chart-day"
            data-day={d.day}
          >
            <span className={styles.barFill} style={{ height: `${Math.round((d.paidAmount / max) * 88)}%` }} />
            <span className={styles.barDay} aria-hidden="true">
              {Number(d.day.slice(8))}
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}

/** The 订单 screen: orders by status and Beijing day with totals; a row opens the order. */
export function OrdersScreen({ initialStatus, initialDay }: { initialStatus: string; initialDay: string }): ReactNode {
  const router = useRouter();
  const [status, setStatus] = useState(initialStatus);
  const [day, setDay] = useState(initialDay);
  const [page, setPage] = useState<OrdersPage | null>(null);
  const [days, setDays] = useState<DaySummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [reloads, setReloads] = useState(0);

  const fail = useCallback(
    (result: { unauthorized: boolean; message: string }): void => {
      if (result.unauthorized) router.refresh();
      setError(result.message);
    },
    [router],
  );

  useEffect(() => {
    let stale = false;
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (status) query.set("status", status);
    if (day) query.set("day", day);
    // Keep the filter in the address: back from an order lands on the same list.
    const shown = new URLSearchParams();
    if (status) shown.set("status", status);
    if (day) shown.set("day", day);
    window.history.replaceState(null, "", `/admin/orders${shown.size ? `?${shown}` : ""}`);
    void Promise.all([adminRequest<OrdersPage>(`/api/admin/pay/orders?${query}`), adminRequest<{ days: DaySummary[] }>("/api/admin/pay/summary?days=14")]).then(([list, summary]) => {
      if (stale) return;
      setLoading(false);
      if (!list.ok) return fail(list);
      setError(null);
      setPage({ ...list.data, items: Array.isArray(list.data?.items) ? list.data.items : [] });
      if (summary.ok && Array.isArray(summary.data?.days)) setDays(summary.data.days);
    });
    return () => {
      stale = true;
    };
  }, [status, day, reloads, fail]);

  const choose = (next: { status?: string; day?: string }): void => {
    setLoading(true);
    if (next.status !== undefined) setStatus(next.status);
    if (next.day !== undefined) setDay(next.day);
  };

  const more = async (): Promise<void> => {
    if (!page) return;
    setLoading(true);
    const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(page.items.length) });
    if (status) query.set("status", status);
    if (day) query.set("day", day);
    const result = await adminRequest<OrdersPage>(`/api/admin/pay/orders?${query}`);
    setLoading(false);
    if (!result.ok) return fail(result);
    setPage({ ...result.data, items: [...page.items, ...(result.data.items ?? [])] });
  };

  const statusLabel = STATUS_FILTERS.find((f) => f.value === status)?.label ?? status;
  const filtered = `${day ? dayLabel(day) : "全部日期"} · ${statusLabel}`;

  return (
    <>
      <section className="card" aria-labelledby="orders-summary-title">
        <div className="card-head">
          <h2 id="orders-summary-title">最近 14 天</h2>
          <button type="button" className="btn-text" onClick={() => {
              setLoading(true);
              setReloads((n) => n + 1);
            }} disabled={loading} data-testid="orders-reload">
            刷新
          </button>
        </div>
        {days ? <DayChart days={days} selected={day} onPick={(d) => choose({ day: d })} /> : null}
        <p className={screen.muted}>按北京时间统计每天新下的订单；柱高为当天已支付金额。点击柱子只看那一天。</p>
      </section>

      <section className="card" aria-labelledby="orders-list-title" aria-busy={loading}>
        <h2 id="orders-list-title">订单（{filtered}）</h2>
        <div className={styles.filters}>
          <div className={screen.tabs} role="group" aria-label="按状态筛选">
            {STATUS_FILTERS.map((f) => (
              <button key={f.value || "all"} type="button" className={screen.tab} aria-pressed={status === f.value} onClick={() => choose({ status: f.value })} data-testid="orders-status-filter" data-status={f.value || "all"}>
                {f.label}
              </button>
            ))}
          </div>
          <label className={styles.dayField}>
            日期
            <input type="date" value={day} onChange={(e) => choose({ day: e.target.value })} data-testid="orders-day" />
          </label>
          {day ? (
            <button type="button" className="btn-text" onClick={() => choose({ day: "" })} data-testid="orders-day-clear">
              全部日期
            </button>
          ) : null}
        </div>

        {error ? (
          <div className="notice notice-error" role="alert" data-testid="orders-error">
            {error}
          </div>
        ) : null}
        {page?.totals ? <Totals totals={page.totals} filtered={filtered} /> : null}
        {!page && loading ? <p className={screen.muted}>正在加载…</p> : null}
        {page && page.items.length === 0 ? (
          <p className={screen.muted} data-testid="orders-empty">
            没有符合条件的订单。
          </p>
        ) : null}
        {page && page.items.length > 0 ? (
          <ul className={styles.list} data-testid="orders-list">
            {page.items.map((o) => {
              const label = orderStatusLabel(o);
              return (
                <li key={o.outTradeNo} className={styles.row} data-testid="orders-row" data-order={o.outTradeNo} data-status={o.status}>
                  <Link className={styles.rowLink} href={`/admin/orders/${encodeURIComponent(o.outTradeNo)}`}>
                    <span className={styles.rowTitle}>{o.productName ?? o.productId}</span>
                    <span className={styles.rowAmount}>{formatYuan(o.amount)}</span>
                    <span className={styles.rowMeta}>
                      {formatBeijingTime(Date.parse(o.createdAt))} · <span className={screen.mono}>{o.outTradeNo}</span>
                    </span>
                    <span className={styles.rowBadge}>
                      <StatusBadge tone={label.tone} text={label.text} />
                    </span>
                  </Link>
                </li>
              );
            })}
          </ul>
        ) : null}
        {page && page.items.length < page.total ? (
          <button type="button" className="btn" onClick={() => void more()} disabled={loading} data-testid="orders-more">
            加载更多（已显示 {page.items.length} / {page.total}）
          </button>
        ) : null}
      </section>
    </>
  );
}
