import "server-only";
import { after } from "next/server";
import { readBoundedBody } from "../http/bounded-body";
import { respondPay } from "../pay/errors";
import type { PayService } from "../pay/service";
import { NOTIFICATION_MAX_BYTES } from "@wxmp/wechatpay/notification";
import { getDefaultPay, getPay, getPayFor, getPayForMerchant } from "./pay-service";
import { getEnv } from "./env";

export { getPay, getPayClient, getPayFor, NOTIFY_PATH } from "./pay-service";

/**
 * Account `appId`'s service as a plain PayService (the routes' `payFor`): each call resolves
 * which merchant the account pays through now (its own, or the env's) before it runs.
 */
function accountService(appId: string, fallback: PayService): PayService {
  const of = async (): Promise<PayService> => (await getPayFor(appId)) ?? fallback;
  return {
    products: () => fallback.products(),
    createOrder: async (openid, productId) => (await of()).createOrder(openid, productId),
    getOrder: async (outTradeNo, openid, defer) => (await of()).getOrder(outTradeNo, openid, defer),
    notify: async (headers, body, defer) => (await of()).notify(headers, body, defer),
    listOrders: async (params) => (await of()).listOrders(params),
    orderDetail: async (outTradeNo) => (await of()).orderDetail(outTradeNo),
    summary: async (params) => (await of()).summary(params),
    refund: async (outTradeNo, input) => (await of()).refund(outTradeNo, input),
    reconcile: async () => (await of()).reconcile(),
  };
}

/** Next keeps deferred work within the request's lifetime (on Vercel too); the reconciler catches what is lost. */
export const deferAfterResponse = (work: () => Promise<void>): void => after(work);

/**
 * A pay route's body: 503 `pay_disabled` while nothing can take payments (no WECHATPAY_MCHID and
 * no account with its own merchant); failures mapped
 * (lib/pay/errors.ts). `pay` is the env's account's service; `payFor(appId)` another account's
 * (orders placed for its AppID through its own merchant, or the env's bound to it). Orders
 * already placed are queried, refunded and closed through THEIR merchant by either.
 */
export function withPay(context: string, work: (pay: PayService, payFor: (appId: string) => PayService) => Promise<Response>): Promise<Response> {
  return respondPay(context, async () => {
    const pay = await getDefaultPay();
    return pay ? work(pay, (appId) => accountService(appId, pay)) : Response.json({ error: "pay_disabled" }, { status: 503 });
  });
}

/**
 * `POST /api/pay/notify` (the env's merchant) and `/api/pay/notify/{mchid}` (an account's): the
 * raw bytes, bounded before reading, to that merchant's pay service; 204 or `{ code: "FAIL" }`;
 * 404 for a merchant this deployment does not have.
 */
export async function answerPayNotification(request: Request, mchid?: string): Promise<Response> {
  const pay = mchid === undefined ? getPay() : await getPayForMerchant(mchid);
  if (!pay) return Response.json({ code: "FAIL", message: mchid === undefined ? "pay is not configured" : "unknown merchant" }, { status: 404 });
  const read = await readBoundedBody(request, NOTIFICATION_MAX_BYTES);
  const answer = await pay.notify(request.headers, read.ok ? read.bytes : null, deferAfterResponse);
  return answer.body === null ? new Response(null, { status: answer.status }) : Response.json(answer.body, { status: answer.status });
}

/**
 * The public address of one of the shop's pages (APP_URL + path), for the "open it in WeChat"
 * hint; the path alone when the environment is not usable, so the hint still says where to go.
 */
export function publicPageUrl(path: string): string {
  try {
    return `${getEnv().appUrl}${path}`;
  } catch {
    return path;
  }
}
