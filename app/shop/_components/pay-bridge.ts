"use client";

import { payOutcome, type PayOutcome } from "./order-view";

/** What POST /api/pay/orders answers, for WeixinJSBridge.invoke('getBrandWCPayRequest', …). */
export interface PayParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: string;
  paySign: string;
}

export interface CreatedOrder {
  outTradeNo: string;
  amount: number;
  payParams: PayParams;
}

interface Bridge {
  invoke(name: string, args: unknown, callback: (res: { err_msg?: string; err_desc?: string }) => void): void;
}

const bridge = (): Bridge | undefined => (window as unknown as { WeixinJSBridge?: Bridge }).WeixinJSBridge;

/** WeChat injects its bridge a moment after the page starts; wait for it, but not forever. */
function whenBridgeReady(timeoutMs: number): Promise<Bridge | undefined> {
  const ready = bridge();
  if (ready) return Promise.resolve(ready);
  return new Promise((resolve) => {
    const done = (): void => {
      document.removeEventListener("WeixinJSBridgeReady", done);
      clearTimeout(timer);
      resolve(bridge());
    };
    const timer = setTimeout(done, timeoutMs);
    document.addEventListener("WeixinJSBridgeReady", done, false);
  });
}

/**
 * Opens WeChat's pay sheet. `ok` only means the sheet closed after paying: the order page then
 * asks the server, which learns the truth from WeChat Pay (notification or query).
 */
export async function requestPayment(params: PayParams): Promise<PayOutcome> {
  const b = await whenBridgeReady(3000);
  if (!b) return { kind: "unavailable" };
  return new Promise((resolve) => {
    try {
      b.invoke("getBrandWCPayRequest", params, (res) => resolve(payOutcome(res)));
    } catch (error) {
      resolve({ kind: "fail", reason: error instanceof Error ? error.message : String(error) });
    }
  });
}

/**
 * The order waiting to be paid, kept for this tab only (sessionStorage) so a reload or a cancel
 * can offer 继续支付 with the same prepay_id (valid 2 hours) instead of a second order.
 * Not a secret: paySign only authorises paying this one order.
 */
const KEY = "shop:pending-order";
const MAX_AGE_MS = 110 * 60_000;

interface Pending extends CreatedOrder {
  productName: string;
  savedAt: number;
}

export function savePending(order: CreatedOrder, productName: string): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ ...order, productName, savedAt: Date.now() } satisfies Pending));
  } catch {
    /* private mode or full storage: 继续支付 is a convenience */
  }
}

export function loadPending(outTradeNo?: string): Pending | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const p = JSON.parse(raw) as Partial<Pending>;
    if (typeof p.outTradeNo !== "string" || !p.payParams || typeof p.savedAt !== "number" || Date.now() - p.savedAt > MAX_AGE_MS) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    if (outTradeNo !== undefined && p.outTradeNo !== outTradeNo) return null;
    return p as Pending;
  } catch {
    return null;
  }
}

export function clearPending(outTradeNo?: string): void {
  try {
    if (outTradeNo === undefined || loadPending(outTradeNo)) sessionStorage.removeItem(KEY);
  } catch {
    /* nothing to clear */
  }
}

/** Chinese text for a failed shop request (POST /api/pay/orders, GET /api/pay/orders/{no}). */
export function shopErrorText(status: number, body: unknown): string {
  const b = body && typeof body === "object" ? (body as { error?: unknown; code?: unknown }) : {};
  if (status === 0) return "网络连接失败，请检查网络后重试。";
  if (status === 401) return "登录已过期，请刷新页面重新登录。";
  if (status === 404) return "没有找到这笔订单。";
  if (status === 400 && b.error === "unknown_product") return "该商品已下架，请刷新后重新选择。";
  if (status === 403) return "请求被拒绝，请刷新页面后重试。";
  if (status === 503 && b.error === "pay_disabled") return "商户尚未开通微信支付，暂时无法购买。";
  if (status === 502 && b.code === "APPID_MCHID_NOT_MATCH") return "本公众号的 AppID 尚未关联商户号，暂时无法支付（商户需在微信支付商户平台的 AppID 账号管理中关联此 AppID）。";
  if (status === 502) return `微信支付暂时无法下单${typeof b.code === "string" ? `（${b.code}）` : ""}，请稍后重试。`;
  if (status === 429) return "操作太频繁，请稍后再试。";
  return `服务器出错（HTTP ${status}），请稍后重试。`;
}

export async function shopRequest<T>(path: string, init?: { method?: "GET" | "POST"; json?: unknown }): Promise<{ ok: true; data: T } | { ok: false; status: number; message: string }> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init?.method ?? "GET",
      credentials: "same-origin",
      cache: "no-store",
      headers: init?.json !== undefined ? { "content-type": "application/json" } : undefined,
      body: init?.json !== undefined ? JSON.stringify(init.json) : undefined,
    });
  } catch {
    return { ok: false, status: 0, message: shopErrorText(0, null) };
  }
  const body: unknown = await res.json().catch(() => null);
  return res.ok ? { ok: true, data: body as T } : { ok: false, status: res.status, message: shopErrorText(res.status, body) };
}
