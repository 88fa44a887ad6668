import { after } from "next/server";
import { respond } from "@/lib/http/api-response";
import { getAuthorizationEventHandler } from "@/lib/wiring/component";
import type { WebhookCallContext } from "@wxmp/wechat/webhook/types";
import { handleWebRequest } from "@wxmp/wechat/webhook/web-adapter";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The exchange of an `authorized` event's code runs after "success" is answered (WeChat waits 5 s). */
const callContext: WebhookCallContext = { waitUntil: (work) => after(() => work) };

/**
 * The third-party platform's 授权事件接收URL: component_verify_ticket every 10 minutes,
 * authorized / updateauthorized / unauthorized. Signed and encrypted with the platform's
 * Token and key; answers "success". 404 when platform mode is off.
 */
export function POST(request: Request): Promise<Response> {
  return respond("platform events", async () => handleWebRequest(await getAuthorizationEventHandler(), request, callContext));
}
