import { after } from "next/server";
import { respond } from "@/lib/api-response";
import { getWebhook } from "@/lib/wechat-app";
import type { WebhookCallContext } from "@/lib/wechat/webhook/types";
import { handleWebRequest } from "@/lib/wechat/webhook/web-adapter";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Keeps a webhook's late work alive after the response (also on Vercel). Here, not in the
 * composition root: `next/server` cannot load outside Next, and the self-hosted fast entry
 * (server/) imports the composition root before Next starts; it keeps its own pending list.
 */
const webhookCallContext: WebhookCallContext = { waitUntil: (work) => after(() => work) };

/** Server-URL check (echostr). */
export function GET(request: Request): Promise<Response> {
  return respond("webhook", () => handleWebRequest(getWebhook(), request, webhookCallContext));
}

/** Message and event push: plaintext, compatible and safe mode. */
export function POST(request: Request): Promise<Response> {
  return respond("webhook", () => handleWebRequest(getWebhook(), request, webhookCallContext));
}
