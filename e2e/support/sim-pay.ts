/**
 * The simulator's WeChat Pay controls (`/__sim/pay/*`, simulator/README.md "WeChat Pay") for the
 * end-to-end specs, over HTTP: the merchant's settings, orders, refunds, notification deliveries
 * with the app's answers, forgeries, probes. Also the throwaway merchant's credentials, for specs
 * that call WeChat Pay as the merchant (signed with node:crypto in simulator/testing/pay-merchant.ts).
 */
import { createPrivateKey } from "node:crypto";
import type { MerchantCredentials } from "../../simulator/testing/pay-merchant";
import { E2E_PAY, simulatorUrl } from "../e2e-env";
import { THROWAWAY_MERCHANT_PRIVATE_KEY } from "./wechatpay-throwaway-merchant";

async function call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${simulatorUrl}${path}`, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`simulator ${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export interface SimPayAttempt {
  n: number;
  at: number;
  trigger: "first" | "retry" | "manual" | "replay";
  status: number | null;
  answer?: string;
  error?: string;
  serial: string;
  retryInMs?: number | null;
}

export interface SimPayNotification {
  id: string;
  kind: string;
  eventType: string;
  outTradeNo?: string;
  outRefundNo?: string;
  url: string;
  body: string;
  resource: Record<string, unknown>;
  status: "pending" | "delivered" | "failed" | "dropped" | "sent";
  attempts: SimPayAttempt[];
  accepted?: boolean;
}

/** An order as WeChat Pay's query answers it, plus what only WeChat Pay's side knows. */
export interface SimPayOrder {
  out_trade_no: string;
  trade_state: string;
  transaction_id?: string;
  amount: { total: number };
  payer: { openid?: string };
  description: string;
  notify_url: string;
  prepay_id: string;
  create_time: string;
  /** Fen refunded by refunds that succeeded. */
  refunded: number;
  /** With `order(no)` only. */
  refunds?: Array<{ out_refund_no: string; status: string; amount: { refund: number; total: number } }>;
  notifications?: SimPayNotification[];
}

export type ForgeryKind = "forged" | "tampered" | "stale" | "unknown-serial" | "signtest" | "undecryptable" | "wrong-amount" | "wrong-appid" | "wrong-mchid";

export const simPay = {
  merchant: (): Promise<Record<string, unknown>> => call("GET", "/__sim/pay/merchant"),
  /** mode, notificationSigner, timeScale, refundDelayMs, refundOutcome, dropNotifications, notificationDelayMs, signtestEvery, … */
  configure: (settings: Record<string, unknown>): Promise<unknown> => call("POST", "/__sim/pay/merchant", settings),
  appEnv: (): Promise<Record<string, string>> => call("GET", "/__sim/pay/app-env"),
  rotateCertificate: (retireOld = false): Promise<{ serialNo: string; previous: string[] }> => call("POST", "/__sim/pay/certificates/rotate", { retireOld }),
  orders: async (tradeState?: string): Promise<SimPayOrder[]> => (await call<{ orders: SimPayOrder[] }>("GET", `/__sim/pay/orders${tradeState ? `?trade_state=${tradeState}` : ""}`)).orders,
  order: (outTradeNo: string): Promise<SimPayOrder> => call("GET", `/__sim/pay/orders/${encodeURIComponent(outTradeNo)}`),
  pay: (outTradeNo: string): Promise<unknown> => call("POST", `/__sim/pay/orders/${encodeURIComponent(outTradeNo)}/pay`, {}),
  fail: (outTradeNo: string): Promise<unknown> => call("POST", `/__sim/pay/orders/${encodeURIComponent(outTradeNo)}/fail`, {}),
  completeRefund: (outRefundNo: string, status: "SUCCESS" | "ABNORMAL" | "CLOSED" = "SUCCESS"): Promise<unknown> =>
    call("POST", `/__sim/pay/refunds/${encodeURIComponent(outRefundNo)}/complete`, { status }),
  notifications: async (kind?: string): Promise<SimPayNotification[]> => (await call<{ notifications: SimPayNotification[] }>("GET", `/__sim/pay/notifications${kind ? `?kind=${kind}` : ""}`)).notifications,
  retry: (id: string): Promise<{ attempt: SimPayAttempt; notification: SimPayNotification }> => call("POST", `/__sim/pay/notifications/${id}/retry`, {}),
  replay: (id: string): Promise<{ attempt: SimPayAttempt; notification: SimPayNotification }> => call("POST", `/__sim/pay/notifications/${id}/replay`, {}),
  forge: async (kind: ForgeryKind, outTradeNo: string): Promise<SimPayNotification> =>
    (await call<{ notification: SimPayNotification }>("POST", "/__sim/pay/notifications/forge", { kind, outTradeNo })).notification,
  signtest: async (outTradeNo?: string): Promise<SimPayNotification> => (await call<{ notification: SimPayNotification }>("POST", "/__sim/pay/signtest", outTradeNo ? { outTradeNo } : {})).notification,
  /** Polls until a notification matches (its attempts included), or fails after `timeoutMs`. */
  async waitForNotification(match: (n: SimPayNotification) => boolean, timeoutMs = 10_000): Promise<SimPayNotification> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await simPay.notifications()).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error("no matching WeChat Pay notification");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  },
};

/** The throwaway merchant as a signer (for specs that call WeChat Pay directly, as the app would). */
export function throwawayMerchant(): MerchantCredentials {
  return { mchid: E2E_PAY.mchid, serial: E2E_PAY.merchantSerial, apiV3Key: E2E_PAY.apiV3Key, privateKey: createPrivateKey(THROWAWAY_MERCHANT_PRIVATE_KEY) };
}
