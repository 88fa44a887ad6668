/**
 * `/api/pay/notify` (the env's merchant) and `/api/pay/notify/{mchid}` (an account's own
 * merchant) in the fast entry, before Next (as the webhook is): the same pay services as the
 * route handlers (lib/wiring/pay-service.ts), over node:http. The body is refused past 64 KiB
 * before it is read; work past the response joins the fast entry's pending list, which a
 * shutdown waits for. With pay off the request goes to Next, which answers as the route does.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PayService } from "../lib/pay/service";
import { NOTIFICATION_MAX_BYTES } from "@wxmp/wechatpay/notification";
import type { WebhookOutput } from "@wxmp/wechat/webhook/types";
import { endpointRoute, lastSegment, type FastEndpoint, type NodeHandler, type WebhookRouteOptions } from "./fast-entry";

const json = (status: number, body: unknown): WebhookOutput => ({ status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** `unknown`: what to answer when `getPay` finds no service (null: hand the request to Next). */
export function createPayNotifyEndpoint(getPay: () => PayService | null | Promise<PayService | null>, unknown: WebhookOutput | null = null): FastEndpoint {
  return async (input, keep) => {
    const pay = await getPay();
    if (!pay) return unknown;
    if (input.method !== "POST") return { ...json(405, { code: "FAIL", message: "method not allowed" }), headers: { "content-type": "application/json", allow: "POST" } };
    const oversized = input.contentLength !== undefined && input.contentLength > NOTIFICATION_MAX_BYTES;
    const body = oversized ? null : await input.readBody(NOTIFICATION_MAX_BYTES);
    // Node's header record as it is (HeadersLike takes repeated headers as arrays): no copy per notification.
    const answer = await pay.notify(input.headers, body, (work) => keep.waitUntil(work()));
    const empty: WebhookOutput = { status: answer.status, headers: {}, body: "" };
    return answer.body === null ? empty : json(answer.status, answer.body);
  };
}

/**
 * `/api/pay/notify/{mchid}` as a front route: that merchant's service, found by the path's last
 * segment; an unknown merchant is a 404 `{ code: "FAIL" }` here (as the route answers) while pay
 * is on, and goes to Next while it is off.
 */
export function merchantNotifyRoute(
  o: Omit<WebhookRouteOptions, "webhook"> & { next: NodeHandler; payOn: () => boolean; lookup: (mchid: string) => Promise<PayService | null> },
): NodeHandler {
  const unknown = json(404, { code: "FAIL", message: "unknown merchant" });
  return (req: IncomingMessage, res: ServerResponse) => {
    const mchid = lastSegment(req.url ?? "/");
    const endpoint = createPayNotifyEndpoint(() => (o.payOn() ? o.lookup(mchid) : null), o.payOn() ? unknown : null);
    return endpointRoute(endpoint, o)(req, res);
  };
}
