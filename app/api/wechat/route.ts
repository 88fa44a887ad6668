import { respond } from "@/lib/api-response";
import { getWebhook, webhookCallContext } from "@/lib/wechat-app";
import { handleWebRequest } from "@/lib/wechat/webhook/web-adapter";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Server-URL check (echostr). */
export function GET(request: Request): Promise<Response> {
  return respond("webhook", () => handleWebRequest(getWebhook(), request, webhookCallContext));
}

/** Message and event push: plaintext, compatible and safe mode. */
export function POST(request: Request): Promise<Response> {
  return respond("webhook", () => handleWebRequest(getWebhook(), request, webhookCallContext));
}
