import { respond } from "@/lib/api-response";
import { getWebhookHandler } from "@/lib/webhook";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Server-URL check (echostr). */
export function GET(request: Request): Promise<Response> {
  return respond("webhook", () => getWebhookHandler().handleGet(request));
}

/** Message and event push: plaintext, compatible and safe mode. */
export function POST(request: Request): Promise<Response> {
  return respond("webhook", () => getWebhookHandler().handlePost(request));
}
