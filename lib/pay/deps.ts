/**
 * What the pay feature is built from: the WeChat Pay client, the store, the catalogue and the
 * ways out (the buyer's customer-service text, work deferred past a response). lib/wiring
 * provides the real ones; tests pass fakes.
 */
import type { WeChatPayClient } from "@wxmp/wechatpay/client";
import type { Product } from "./catalogue";
import { PayRequestError } from "./request-error";
import type { PayStore } from "./store";

export interface PayLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface PayDeps {
  client: WeChatPayClient;
  store: PayStore;
  catalogue: readonly Product[];
  /** The Official Account's AppID (orders are placed for it; the console's list shows its orders) and the merchant number. */
  appId: string;
  mchid: string;
  /** Where this merchant's notifications go: APP_URL + /api/pay/notify (the env's), or + /{mchid} (an account's). */
  notifyUrl: string;
  /**
   * The merchant an order of ANOTHER merchant was placed with (several merchants in one
   * deployment: the order's mchid decides): its client and notify URL; null when it is no
   * longer configured. Absent: every order is this service's merchant's.
   */
  orderMerchant?(order: { appId: string; mchid: string }): Promise<OrderMerchant | null>;
  /**
   * The buyer's customer-service text (the demo's fulfilment), through the WeChat client of the
   * account the order was placed for (`appId`: the order's, not necessarily this service's —
   * one notify URL serves every account under the merchant).
   */
  sendText(openid: string, text: string, appId: string): Promise<void>;
  /** Runs work after the response (Next's `after`, the fast entry's pending list); tests collect it. */
  defer(work: () => Promise<void>): void;
  logger: PayLogger;
  now(): number;
  /** Random hex for order and refund numbers. */
  randomHex(bytes: number): string;
  sleep(ms: number): Promise<void>;
  /** How long an unpaid order stays payable (time_expire), default 30 min. */
  orderTtlMs?: number;
  /** The query-on-read throttle, default 5 s. */
  queryIntervalMs?: number;
}

export interface OrderMerchant {
  client: WeChatPayClient;
  notifyUrl: string;
}

/**
 * The client (and notify URL) of the merchant `order` was placed with: this service's own when
 * the mchid is its, else `orderMerchant`'s — never a client of another merchant. 409
 * `merchant_unavailable` when the order's merchant is not configured any more.
 */
export async function merchantOf(deps: PayDeps, order: { appId: string; mchid: string }): Promise<OrderMerchant> {
  if (order.mchid === deps.mchid && deps.client.mchid === deps.mchid) return { client: deps.client, notifyUrl: deps.notifyUrl };
  const found = deps.orderMerchant ? await deps.orderMerchant(order) : null;
  if (!found || found.client.mchid !== order.mchid) throw new PayRequestError(409, "merchant_unavailable", { mchid: order.mchid });
  return found;
}

export const DEFAULT_ORDER_TTL_MS = 30 * 60_000;
export const DEFAULT_QUERY_INTERVAL_MS = 5_000;
