"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from "react";
import { formatYuan, yuanInput } from "../../../_components/money";
import { adminRequest } from "../../_components/admin-api";
import { formatBeijingTime, shortOpenid } from "../../_components/format";
import screen from "../../_components/console-screen.module.css";
import { StatusBadge } from "./orders-screen";
import { checkRefundAmount, orderStatusLabel, refundStatusLabel, timelineText, type AdminOrder, type OrderDetail } from "./orders-view";
import styles from "./orders.module.css";

const time = (iso: string | null | undefined): string => (iso ? formatBeijingTime(Date.parse(iso), true) : "");
/** While a refund is PROCESSING the screen asks again this often, for at most this long. */
const POLL_MS = 1000;
const POLL_FOR_MS = 60_000;

/** Partial or full refund: the amount checked here against what is left, and again by the server. */
function RefundForm({ order, onDone, onUnauthorized }: { order: AdminOrder; onDone: (message: string) => void; onUnauthorized: () => void }): ReactNode {
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [confirming, setConfirming] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const check = amount === "" ? null : checkRefundAmount(amount, order.refundable);
  const problem = check && !check.ok ? check.message : null;

  const review = (event: FormEvent): void => {
    event.preventDefault();
    const result = checkRefundAmount(amount, order.refundable);
    if (!result.ok) return setError(result.message);
    setError(null);
    setConfirming(result.fen);
  };

  const submit = async (fen: number): Promise<void> => {
    setBusy(true);
    setError(null);
    const body = reason.trim() ? { amount: fen, reason: reason.trim() } : { amount: fen };
    const result = await adminRequest<{ outRefundNo: string; status: string }>(`/api/admin/pay/orders/${encodeURIComponent(order.outTradeNo)}/refunds`, { method: "POST", json: body });
    setBusy(false);
    setConfirming(null);
    if (!result.ok) {
      if (result.unauthorized) onUnauthorized();
      return setError(result.message);
    }
    setAmount("");
    setReason("");
    onDone(`已提交退款 ${formatYuan(fen)}（退款单号 ${result.data.outRefundNo}），处理结果见退款记录。`);
  };

  return (
    <form className={`card ${styles.refundForm}`} onSubmit={review} noValidate data-testid="refund-form" aria-labelledby="refund-title">
      <h2 id="refund-title">退款</h2>
      <p>
        可退金额 <strong data-testid="refund-left">{formatYuan(order.refundable)}</strong>
        <span className={screen.muted}>（实付 {formatYuan(order.amount)}，已退 {formatYuan(order.refunded)}；处理中的退款已扣除）</span>
      </p>
      <label className="field">
        <span className={screen.label}>退款金额（元）</span>
        <span className={styles.amountRow}>
          <input
            className="input"
            inputMode="decimal"
            value={amount}
            onChange={(e) => {
              setAmount(e.target.value);
              setConfirming(null);
            }}
            placeholder={`最多 ${yuanInput(order.refundable)}`}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? "refund-amount-problem" : undefined}
            autoComplete="off"
            data-testid="refund-amount"
          />
          <button type="button" className={`btn btn-mini ${screen.secondary}`} onClick={() => setAmount(yuanInput(order.refundable))} data-testid="refund-all">
            全部退款
          </button>
        </span>
      </label>
      {problem ? (
        <p id="refund-amount-problem" className={screen.danger} role="alert" data-testid="refund-amount-problem">
          {problem}
        </p>
      ) : null}
      <label className="field">
        <span className={screen.label}>退款原因（选填，买家可见）</span>
        <input className="input" value={reason} maxLength={80} onChange={(e) => setReason(e.target.value)} autoComplete="off" data-testid="refund-reason" />
      </label>
      {error ? (
        <div className="notice notice-error" role="alert" data-testid="refund-error">
          {error}
        </div>
      ) : null}
      {confirming === null ? (
        <button type="submit" className={`btn ${screen.primary}`} disabled={busy || !!problem} data-testid="refund-submit">
          退款…
        </button>
      ) : (
        <div className={styles.confirm} role="group" aria-label="确认退款">
          <p>
            确认退款 <strong>{formatYuan(confirming)}</strong>？款项将原路退回买家，无法撤销。
          </p>
          <div className="btn-row">
            <button type="button" className={`btn ${screen.primary}`} disabled={busy} onClick={() => void submit(confirming)} data-testid="refund-confirm">
              {busy ? "正在提交…" : `确认退款 ${formatYuan(confirming)}`}
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => setConfirming(null)} data-testid="refund-cancel">
              取消
            </button>
          </div>
        </div>
      )}
    </form>
  );
}

/** One order for the console: amounts, refunds, the timeline (created, paid, notified, refunded). */
export function OrderDetailScreen({ outTradeNo }: { outTradeNo: string }): ReactNode {
  const router = useRouter();
  const [detail, setDetail] = useState<OrderDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const onUnauthorized = useCallback(() => router.refresh(), [router]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const startedAt = Date.now();
    const tick = async (): Promise<void> => {
      const result = await adminRequest<OrderDetail>(`/api/admin/pay/orders/${encodeURIComponent(outTradeNo)}`);
      if (stopped) return;
      if (!result.ok) {
        if (result.unauthorized) onUnauthorized();
        return setError(result.message);
      }
      setError(null);
      setDetail(result.data);
      // A refund being processed: follow it until WeChat Pay's notification settles it.
      const processing = result.data.refunds?.some((r) => r.status === "PROCESSING");
      if (processing && Date.now() - startedAt < POLL_FOR_MS) timer = setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [outTradeNo, round, onUnauthorized]);

  if (!detail) {
    return (
      <section className="card">
        {error ? (
          <div className="notice notice-error" role="alert" data-testid="order-detail-error">
            {error}
          </div>
        ) : (
          <p className={screen.muted}>正在加载…</p>
        )}
        <Link href="/admin/orders">‹ 返回订单列表</Link>
      </section>
    );
  }

  const { order, refunds, timeline } = detail;
  const label = orderStatusLabel(order);
  return (
    <>
      <p>
        <Link href="/admin/orders" data-testid="order-detail-back">
          ‹ 返回订单列表
        </Link>
      </p>
      {message ? (
        <div className={`notice ${styles.info}`} role="status" data-testid="refund-message">
          {message}
        </div>
      ) : null}
      {error ? (
        <div className="notice notice-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className={styles.detailGrid}>
        <div>
          <section className="card" data-testid="order-detail" data-status={order.status} aria-labelledby="order-title">
            <div className="card-head">
              <h2 id="order-title">{order.productName ?? order.productId}</h2>
              <StatusBadge tone={label.tone} text={label.text} testId="order-detail-status" />
            </div>
            <dl className={styles.money}>
              <div>
                <dt>订单金额</dt>
                <dd data-testid="order-detail-amount">{formatYuan(order.amount)}</dd>
              </div>
              <div>
                <dt>已退款</dt>
                <dd data-testid="order-detail-refunded">{formatYuan(order.refunded)}</dd>
              </div>
              <div>
                <dt>可退金额</dt>
                <dd data-testid="order-detail-refundable">{formatYuan(order.refundable)}</dd>
              </div>
            </dl>
            <dl className={styles.kv}>
              <dt>商户订单号</dt>
              <dd className={screen.mono}>{order.outTradeNo}</dd>
              {order.transactionId ? (
                <>
                  <dt>微信支付单号</dt>
                  <dd className={screen.mono}>{order.transactionId}</dd>
                </>
              ) : null}
              <dt>买家 openid</dt>
              <dd className={screen.mono} title={order.openid}>
                {shortOpenid(order.openid)}
              </dd>
              <dt>下单时间</dt>
              <dd>{time(order.createdAt)}</dd>
              {order.paidAt ? (
                <>
                  <dt>支付时间</dt>
                  <dd>{time(order.paidAt)}</dd>
                </>
              ) : null}
              <dt>订单消息</dt>
              <dd data-testid="order-detail-fulfilled">{order.fulfilledAt ? `已发送（${time(order.fulfilledAt)}）` : "未发送"}</dd>
            </dl>
          </section>
          {order.refundable > 0 ? (
            <RefundForm
              key={`${order.refunded}-${order.refundable}`}
              order={order}
              onUnauthorized={onUnauthorized}
              onDone={(text) => {
                setMessage(text);
                setRound((n) => n + 1);
              }}
            />
          ) : null}
          {refunds.length > 0 ? (
            <section className="card" aria-labelledby="refunds-title">
              <h2 id="refunds-title">退款记录</h2>
              <ul className={styles.list} data-testid="refund-list">
                {refunds.map((r) => {
                  const rl = refundStatusLabel(r.status);
                  return (
                    <li key={r.outRefundNo} className={styles.row} data-testid="refund-row" data-status={r.status}>
                      <div className={styles.refundRow}>
                        <span className={styles.rowTitle}>{formatYuan(r.amount)}</span>
                        <span>
                          <StatusBadge tone={rl.tone} text={rl.text} />
                        </span>
                        <span className={styles.refundMeta}>
                          {time(r.createdAt)}
                          {r.reason ? ` · ${r.reason}` : ""} · <span className={screen.mono}>{r.outRefundNo}</span>
                        </span>
                      </div>
                    </li>
                  );
                })}
              </ul>
            </section>
          ) : null}
        </div>
        <section className="card" aria-labelledby="timeline-title">
          <h2 id="timeline-title">时间线</h2>
          <ol className={styles.timeline} data-testid="order-timeline">
            {timeline.map((event, i) => {
              const t = timelineText(event);
              return (
                <li key={`${event.kind}-${event.at}-${i}`} data-testid="timeline-event" data-kind={event.kind}>
                  <time dateTime={event.at}>{time(event.at)}</time>
                  <span>{t.title}</span>
                  {t.detail ? <span className={screen.muted}> · {t.detail}</span> : null}
                </li>
              );
            })}
          </ol>
        </section>
      </div>
    </>
  );
}
