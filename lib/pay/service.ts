/**
 * The pay feature as the routes see it: one object over PayDeps (lib/wiring builds it).
 * Each method is a thin call into the module that does the work.
 */
import type { HeadersLike } from "../wechatpay/types";
import { dailySummary, listOrders, orderDetail } from "./admin";
import type { Product } from "./catalogue";
import type { PayDeps } from "./deps";
import { handleNotification, type NotifyAnswer } from "./notify";
import { createOrder, readOrder, type CreatedOrder } from "./orders";
import { reconcile, type ReconcileReport } from "./reconcile";
import { requestRefund, type RefundInput } from "./refunds";
import { orderView, type OrderView } from "./views";

export interface PayService {
  products(): { items: Product[] };
  createOrder(openid: string, productId: unknown): Promise<CreatedOrder>;
  /** The buyer's order (`openid`), or any (`null`: the operator); null when not theirs or unknown. */
  getOrder(outTradeNo: string, openid: string | null, defer?: PayDeps["defer"]): Promise<OrderView | null>;
  /** `defer`: how this request keeps work past its response (Next's `after`, the fast entry's pending list). */
  notify(headers: HeadersLike, body: Uint8Array | null, defer?: PayDeps["defer"]): Promise<NotifyAnswer>;
  listOrders(params: URLSearchParams): ReturnType<typeof listOrders>;
  orderDetail(outTradeNo: string): ReturnType<typeof orderDetail>;
  summary(params: URLSearchParams): ReturnType<typeof dailySummary>;
  refund(outTradeNo: string, input: RefundInput): Promise<{ outRefundNo: string; status: string }>;
  reconcile(): Promise<ReconcileReport>;
}

export function createPayService(deps: PayDeps): PayService {
  const withDefer = (defer: PayDeps["defer"] | undefined): PayDeps => (defer ? { ...deps, defer } : deps);
  return {
    products: () => ({ items: deps.catalogue.map((p) => ({ ...p })) }),
    createOrder: (openid, productId) => createOrder(deps, openid, productId),
    getOrder: async (outTradeNo, openid, defer) => {
      const order = await readOrder(withDefer(defer), outTradeNo, openid);
      return order ? orderView(order) : null;
    },
    notify: (headers, body, defer) => handleNotification(withDefer(defer), headers, body),
    listOrders: (params) => listOrders(deps, params),
    orderDetail: (outTradeNo) => orderDetail(deps, outTradeNo),
    summary: (params) => dailySummary(deps, params),
    refund: (outTradeNo, input) => requestRefund(deps, outTradeNo, input),
    reconcile: () => reconcile(deps),
  };
}
