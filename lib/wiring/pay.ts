import "server-only";
import { after } from "next/server";
import { readBoundedBody } from "../http/bounded-body";
import { respondPay } from "../pay/errors";
import type { PayService } from "../pay/service";
import { NOTIFICATION_MAX_BYTES } from "@wxmp/wechatpay/notification";
import { getPay, getPayFor } from "./pay-service";
import { getEnv } from "./env";

export { getPay, getPayClient, getPayFor, NOTIFY_PATH } from "./pay-service";

/** Next keeps deferred work within the request's lifetime (on Vercel too); the reconciler catches what is lost. */
export const deferAfterResponse = (work: () => Promise<void>): void => after(work);

/**
 * A pay route's body: 503 `pay_disabled` while WECHATPAY_MCHID is not set; failures mapped
 * (lib/pay/errors.ts). `pay` is the env's account's service; `payFor(appId)` another account's
 * (orders placed for its AppID under the same merchant).
 */
export function withPay(context: string, work: (pay: PayService, payFor: (appId: string) => PayService) => Promise<Response>): Promise<Response> {
  return respondPay(context, async () => {
    const pay = getPay();
    return pay ? work(pay, (appId) => getPayFor(appId) ?? pay) : Response.json({ error: "pay_disabled" }, { status: 503 });
  });
}

/** `POST /api/pay/notify`: the raw bytes, bounded before reading, to the pay service; 204 or `{ code: "FAIL" }`. */
export async function answerPayNotification(request: Request): Promise<Response> {
  const pay = getPay();
  if (!pay) return Response.json({ code: "FAIL", message: "pay is not configured" }, { status: 404 });
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
