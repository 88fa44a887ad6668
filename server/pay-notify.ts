/**
 * `/api/pay/notify` in the fast entry, before Next (as the webhook is): the same pay service as
 * the route handler (lib/wiring/pay-service.ts), over node:http. The body is refused past
 * 64 KiB before it is read; work past the response joins the fast entry's pending list, which a
 * shutdown waits for. With pay off the request goes to Next, which answers as the route does.
 */
import type { PayService } from "../lib/pay/service";
import { NOTIFICATION_MAX_BYTES } from "@wxmp/wechatpay/notification";
import type { WebhookOutput } from "@wxmp/wechat/webhook/types";
import type { FastEndpoint } from "./fast-entry";

const json = (status: number, body: unknown): WebhookOutput => ({ status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

export function createPayNotifyEndpoint(getPay: () => PayService | null): FastEndpoint {
  return async (input, keep) => {
    const pay = getPay();
    if (!pay) return null;
    if (input.method !== "POST") return { ...json(405, { code: "FAIL", message: "method not allowed" }), headers: { "content-type": "application/json", allow: "POST" } };
    const oversized = input.contentLength !== undefined && input.contentLength > NOTIFICATION_MAX_BYTES;
    const body = oversized ? null : await input.readBody(NOTIFICATION_MAX_BYTES);
    // Node's header record as it is (HeadersLike takes repeated headers as arrays): no copy per notification.
    const answer = await pay.notify(input.headers, body, (work) => keep.waitUntil(work()));
    const empty: WebhookOutput = { status: answer.status, headers: {}, body: "" };
    return answer.body === null ? empty : json(answer.status, answer.body);
  };
}
