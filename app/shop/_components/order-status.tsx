"use client";

import Link from "next/link";
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { formatBeijingTime } from "../../admin/_components/format";
import { formatYuan } from "../../_components/money";
import { describeOrder, isShopOrder, type ShopOrder, type Tone } from "./order-view";
import { clearPending, loadPending, requestPayment, shopRequest } from "./pay-bridge";
import styles from "./shop.module.css";

/** How often the page asks while the order is not settled: quickly at first, then slower, then stops. */
const FAST_MS = 1500;
const SLOW_MS = 4000;
const FAST_FOR_MS = 30_000;
const GIVE_UP_AFTER_MS = 120_000;

const TONE_CLASS: Record<Tone, string | undefined> = { success: styles.success, pending: styles.pendingTone, refund: styles.refund, closed: styles.closed, error: styles.error };

function StatusIcon({ tone }: { tone: Tone }): ReactNode {
  const common = { className: `${styles.statusIcon} ${TONE_CLASS[tone]}`, viewBox: "0 0 48 48", fill: "none", stroke: "currentColor", strokeWidth: 3, "aria-hidden": true } as const;
  if (tone === "success") return <svg {...common}><circle cx="24" cy="24" r="21" /><path d="M14 24l7 7 13-14" /></svg>;
  if (tone === "pending") return <svg {...common}><circle cx="24" cy="24" r="21" /><path d="M24 12v13l8 5" /></svg>;
  if (tone === "refund") return <svg {...common}><circle cx="24" cy="24" r="21" /><path d="M16 20h15a6 6 0 010 12h-6M16 20l5-5M16 20l5 5" /></svg>;
  return <svg {...common}><circle cx="24" cy="24" r="21" /><path d="M17 17l14 14M31 17L17 31" /></svg>;
}

/** The order page: follows the order to 支付成功 (or 已退款, 已关闭 …), asking the server, never trusting the sheet. */
export function OrderStatus({ outTradeNo, fromPay }: { outTradeNo: string; fromPay: boolean }): ReactNode {
  const [order, setOrder] = useState<ShopOrder | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [gaveUp, setGaveUp] = useState(false);
  const [canResume, setCanResume] = useState(false);
  const [payMessage, setPayMessage] = useState<string | null>(null);
  const [paying, setPaying] = useState(false);
  // Each round polls from scratch: the first load, 刷新, coming back to the page, after paying.
  const [round, setRound] = useState(0);
  const restart = useCallback((): void => setRound((r) => r + 1), []);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const startedAt = Date.now();
    const tick = async (): Promise<void> => {
      const result = await shopRequest<unknown>(`/api/pay/orders/${encodeURIComponent(outTradeNo)}`);
      if (stopped) return;
      const elapsed = Date.now() - startedAt;
      setGaveUp(false);
      if (!result.ok) {
        setError(result.message);
        // A 404 or a sign-in problem will not fix itself; a network blip might.
        if (result.status !== 404 && result.status !== 401 && elapsed < GIVE_UP_AFTER_MS) timer = setTimeout(() => void tick(), SLOW_MS);
        return;
      }
      if (!isShopOrder(result.data)) return setError("订单信息格式有误，请稍后刷新。");
      setError(null);
      setOrder(result.data);
      if (!describeOrder(result.data).waiting) {
        if (result.data.status !== "NOTPAY") clearPending(outTradeNo);
        return setCanResume(false);
      }
      setCanResume(loadPending(outTradeNo) !== null);
      if (elapsed >= GIVE_UP_AFTER_MS) return setGaveUp(true);
      timer = setTimeout(() => void tick(), elapsed < FAST_FOR_MS ? FAST_MS : SLOW_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [outTradeNo, round]);

  useEffect(() => {
    // Back from another app or tab (e.g. after a refund message): look again.
    const onVisible = (): void => {
      if (document.visibilityState === "visible") restart();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [restart]);

  const resume = async (): Promise<void> => {
    const pending = loadPending(outTradeNo);
    if (!pending) return setCanResume(false);
    setPaying(true);
    setPayMessage(null);
    const outcome = await requestPayment(pending.payParams);
    setPaying(false);
    if (outcome.kind === "ok") return restart();
    if (outcome.kind === "cancel") setPayMessage("已取消支付，订单尚未付款。");
    else if (outcome.kind === "unavailable") setPayMessage("未检测到微信支付，请在微信中打开本页面。");
    else setPayMessage(`支付没有完成：${outcome.reason}。未扣款，你可以重试。`);
  };

  if (!order) {
    return (
      <section className="card" aria-busy={!error}>
        {error ? (
          <div className="notice notice-error" role="alert" data-testid="order-error">
            {error}
          </div>
        ) : (
          <p className="hint">正在查询订单…</p>
        )}
        <Link className="btn" href="/shop">
          返回商店
        </Link>
      </section>
    );
  }

  const text = describeOrder(order);
  const refundLeft = order.amount - order.refunded;
  return (
    <>
      <section className={`card ${styles.status}`} data-testid="order-status" data-status={order.status}>
        <StatusIcon tone={text.tone} />
        <p className={`${styles.statusTitle} ${TONE_CLASS[text.tone]}`} role="status" aria-live="polite" data-testid="order-status-title">
          {text.title}
        </p>
        <p className={styles.amount} data-testid="order-amount">
          {formatYuan(order.amount)}
        </p>
        <p className={styles.detail}>{text.waiting && fromPay && order.status === "NOTPAY" ? "正在确认支付结果，请稍候…" : text.detail}</p>
      </section>

      {error ? (
        <div className="notice notice-error" role="alert" data-testid="order-error">
          {error}
        </div>
      ) : null}
      {payMessage ? (
        <div className={`notice ${styles.info}`} role="status" data-testid="order-pay-message">
          {payMessage}
        </div>
      ) : null}

      <section className="cells" aria-label="订单详情">
        <div className="cell">
          <span className="cell-label">商品</span>
          <span className="cell-value" data-testid="order-product">
            {order.productName ?? order.productId}
          </span>
        </div>
        <div className="cell">
          <span className="cell-label">订单号</span>
          <span className={`cell-value ${styles.mono}`} data-testid="order-no">
            {order.outTradeNo}
          </span>
        </div>
        {order.createdAt ? (
          <div className="cell">
            <span className="cell-label">下单时间</span>
            <span className="cell-value">{formatBeijingTime(Date.parse(order.createdAt), true)}</span>
          </div>
        ) : null}
        {order.paidAt ? (
          <div className="cell">
            <span className="cell-label">支付时间</span>
            <span className="cell-value" data-testid="order-paid-at">
              {formatBeijingTime(Date.parse(order.paidAt), true)}
            </span>
          </div>
        ) : null}
        {order.transactionId ? (
          <div className="cell">
            <span className="cell-label">微信支付单号</span>
            <span className={`cell-value ${styles.mono}`}>{order.transactionId}</span>
          </div>
        ) : null}
        {order.refunded > 0 ? (
          <div className="cell">
            <span className="cell-label">已退款</span>
            <span className="cell-value" data-testid="order-refunded">
              {formatYuan(order.refunded)}
              {refundLeft > 0 ? `（实付 ${formatYuan(refundLeft)}）` : ""}
            </span>
          </div>
        ) : null}
      </section>

      <div className="stack">
        {order.status === "NOTPAY" && canResume ? (
          <button type="button" className="btn btn-primary" disabled={paying} onClick={() => void resume()} data-testid="order-resume-pay">
            {paying ? "请稍候…" : "继续支付"}
          </button>
        ) : null}
        {gaveUp ? (
          <p className="hint" data-testid="order-gave-up">
            暂时还没有收到支付结果。如果你已付款，稍后刷新即可看到；未付款的订单会自动关闭。
          </p>
        ) : null}
        <button type="button" className="btn" onClick={restart} data-testid="order-refresh">
          刷新
        </button>
        <Link className="btn" href="/shop" data-testid="order-back">
          返回商店
        </Link>
      </div>
    </>
  );
}
