"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";
import { formatYuan } from "../../_components/money";
import { clearPending, loadPending, requestPayment, savePending, shopRequest, type CreatedOrder } from "./pay-bridge";
import styles from "./shop.module.css";

interface Product {
  id: string;
  name: string;
  price: number;
}

type Notice = { tone: "info" | "error"; text: string; order?: CreatedOrder & { productName: string } } | null;

const orderHref = (outTradeNo: string): string => `/shop/orders/${encodeURIComponent(outTradeNo)}`;

/** The catalogue (priced by the server) and the buy → pay sheet → order page flow. */
export function ShopCatalogue(): ReactNode {
  const router = useRouter();
  const [products, setProducts] = useState<Product[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [pending, setPending] = useState<ReturnType<typeof loadPending>>(null);

  useEffect(() => {
    // sessionStorage exists only in the browser: read after the first render.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setPending(loadPending());
    void shopRequest<{ items: Product[] }>("/api/pay/products").then((result) => {
      if (!result.ok) return setLoadError(result.message);
      setProducts(Array.isArray(result.data?.items) ? result.data.items : []);
    });
  }, []);

  const pay = async (order: CreatedOrder & { productName: string }): Promise<void> => {
    const outcome = await requestPayment(order.payParams);
    if (outcome.kind === "ok") {
      clearPending(order.outTradeNo);
      router.push(`${orderHref(order.outTradeNo)}?from=pay`);
      return;
    }
    setPending(loadPending());
    if (outcome.kind === "cancel") setNotice({ tone: "info", text: `已取消支付，“${order.productName}”的订单尚未付款。`, order });
    else if (outcome.kind === "unavailable") setNotice({ tone: "error", text: "未检测到微信支付，请在微信中打开本页面后重试。", order });
    else setNotice({ tone: "error", text: `支付没有完成：${outcome.reason}。未扣款，你可以重试。`, order });
  };

  const buy = async (product: Product): Promise<void> => {
    setBusy(product.id);
    setNotice(null);
    const result = await shopRequest<CreatedOrder>("/api/pay/orders", { method: "POST", json: { productId: product.id } });
    if (!result.ok) {
      setBusy(null);
      return setNotice({ tone: "error", text: result.message });
    }
    const order = { ...result.data, productName: product.name };
    savePending(result.data, product.name);
    await pay(order);
    setBusy(null);
  };

  const resume = async (order: CreatedOrder & { productName: string }): Promise<void> => {
    setBusy(order.outTradeNo);
    setNotice(null);
    await pay(order);
    setBusy(null);
  };

  return (
    <>
      {pending && !notice ? (
        <section className={`card ${styles.pending}`} data-testid="shop-pending" aria-label="待支付订单">
          <p>
            你有一笔待支付的订单：{pending.productName} <strong>{formatYuan(pending.amount)}</strong>
          </p>
          <div className="btn-row">
            <button type="button" className="btn btn-primary" disabled={busy !== null} onClick={() => void resume(pending)} data-testid="shop-pending-pay">
              继续支付
            </button>
            <Link className="btn" href={orderHref(pending.outTradeNo)} data-testid="shop-pending-view">
              查看订单
            </Link>
          </div>
        </section>
      ) : null}

      {notice ? (
        <section className={`notice ${notice.tone === "error" ? "notice-error" : styles.info}`} role={notice.tone === "error" ? "alert" : "status"} data-testid={notice.tone === "error" ? "shop-error" : "shop-cancelled"}>
          <p>{notice.text}</p>
          {notice.order ? (
            <div className={styles.noticeActions}>
              <button type="button" className="btn btn-mini btn-primary" disabled={busy !== null} onClick={() => void resume(notice.order!)} data-testid="shop-retry-pay">
                继续支付
              </button>
              <Link className="btn btn-mini" href={orderHref(notice.order.outTradeNo)} data-testid="shop-view-order">
                查看订单
              </Link>
            </div>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="shop-products-title">
        <h2 id="shop-products-title" className="section-title">
          全部商品
        </h2>
        {loadError ? (
          <div className="notice notice-error" role="alert" data-testid="shop-load-error">
            {loadError}
          </div>
        ) : null}
        {!products && !loadError ? (
          <p className="hint" aria-busy="true">
            正在加载商品…
          </p>
        ) : null}
        {products && products.length === 0 ? <p className="hint">暂无在售商品。</p> : null}
        {products && products.length > 0 ? (
          <ul className={styles.products} data-testid="shop-products">
            {products.map((product, i) => (
              <li key={product.id} className={styles.product} data-testid="shop-product" data-product={product.id}>
                <span className={styles.thumb} style={{ background: THUMB_COLOURS[i % THUMB_COLOURS.length] }} aria-hidden="true">
                  {product.name.slice(0, 1)}
                </span>
                <div className={styles.productBody}>
                  <h3>{product.name}</h3>
                  <p className={styles.price} data-testid="shop-product-price">
                    {formatYuan(product.price)}
                  </p>
                </div>
                <button
                  type="button"
                  className={`btn btn-primary ${styles.buy}`}
                  disabled={busy !== null}
                  aria-label={`购买 ${product.name}，${formatYuan(product.price)}`}
                  onClick={() => void buy(product)}
                  data-testid="shop-buy"
                >
                  {busy === product.id ? "请稍候…" : "购买"}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <p className="footnote">付款由微信支付完成。支付成功后，公众号会给你发送一条订单确认消息。</p>
    </>
  );
}

/** Dark enough for white text (WCAG AA). */
const THUMB_COLOURS = ["#8a5a2b", "#05652f", "#1f5fa8", "#7a3e9d"];
