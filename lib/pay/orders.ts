/**
 * The buyer's side: creating an order (amount from the catalogue, payer from the session) and
 * reading it back — asking WeChat Pay, at most once per interval across instances, while it is
 * NOTPAY, so a lost notification costs nothing.
 */
import type { JsapiPayParams } from "@wxmp/wechatpay/jsapi-pay";
import { DEFAULT_ORDER_TTL_MS, DEFAULT_QUERY_INTERVAL_MS, merchantOf, type PayDeps } from "./deps";
import { PayRequestError } from "./request-error";
import { applyTransaction } from "./payment";
import type { OrderRecord } from "./store";
import { beijingRfc3339 } from "./views";

export interface CreatedOrder {
  outTradeNo: string;
  amount: number;
  payParams: JsapiPayParams;
}

/** P + Beijing time to the second + 10 random hex: 25 characters, unique, sortable by time. */
export function newOutTradeNo(deps: Pick<PayDeps, "now" | "randomHex">, prefix = "P"): string {
  const stamp = beijingRfc3339(deps.now()).slice(0, 19).replace(/\D/g, "");
  return `${prefix}${stamp}${deps.randomHex(5)}`;
}

export async function createOrder(deps: PayDeps, openid: string, productId: unknown): Promise<CreatedOrder> {
  const product = typeof productId === "string" ? deps.catalogue.find((p) => p.id === productId) : undefined;
  if (!product) throw new PayRequestError(400, "unknown_product");
  const now = deps.now();
  const outTradeNo = newOutTradeNo(deps);
  const expiresAt = now + (deps.orderTtlMs ?? DEFAULT_ORDER_TTL_MS);
  // Stored first: whatever WeChat Pay says next (a notification can beat our own answer), the order exists.
  await deps.store.insertOrder({ outTradeNo, appId: deps.appId, mchid: deps.mchid, productId: product.id, description: product.name, amount: product.price, openid, expiresAt, createdAt: now });
  await deps.store.addEvent({ key: `created:${outTradeNo}`, outTradeNo, kind: "created", detail: null, at: now });
  const { prepay_id } = await deps.client.createJsapiOrder({
    description: product.name,
    out_trade_no: outTradeNo,
    time_expire: beijingRfc3339(expiresAt),
    notify_url: deps.notifyUrl,
    amount: { total: product.price, currency: "CNY" },
    payer: { openid },
  });
  await deps.store.setPrepayId(outTradeNo, prepay_id);
  return { outTradeNo, amount: product.price, payParams: deps.client.buildJsapiPayParams(prepay_id) };
}

/** Asks WeChat Pay about a NOTPAY order when no one did within the interval; failures leave it as stored. */
async function refreshUnpaid(deps: PayDeps, order: OrderRecord): Promise<OrderRecord> {
  if (order.status !== "NOTPAY") return order;
  if (!(await deps.store.claimQuery(order.outTradeNo, deps.now(), deps.queryIntervalMs ?? DEFAULT_QUERY_INTERVAL_MS))) return order;
  try {
    const { client } = await merchantOf(deps, order);
    const tx = await client.queryOrderByOutTradeNo(order.outTradeNo);
    if ((await applyTransaction(deps, order, tx, "query", client.mchid)) === "none") return order;
  } catch (error) {
    // An order WeChat Pay never saw (the create call failed) stays NOTPAY; anything else is logged.
    deps.logger.warn("pay: order query failed", { outTradeNo: order.outTradeNo, reason: error instanceof Error ? error.message : String(error) });
    return order;
  }
  return (await deps.store.findOrder(order.outTradeNo)) ?? order;
}

/** The order for its buyer (or for the operator: `openid` null); null when it is not theirs. */
export async function readOrder(deps: PayDeps, outTradeNo: string, openid: string | null): Promise<OrderRecord | null> {
  if (!/^[0-9A-Za-z_|*-]{6,32}$/.test(outTradeNo)) return null;
  const order = await deps.store.findOrder(outTradeNo);
  if (!order || (openid !== null && order.openid !== openid)) return null;
  return refreshUnpaid(deps, order);
}
