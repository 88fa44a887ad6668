import { after } from "next/server";
import { respond } from "@/lib/http/api-response";
import { getWebhook } from "@/lib/wiring/webhook";
import type { WebhookCallContext } from "@wxmp/wechat/webhook/types";
import { handleWebRequest } from "@wxmp/wechat/webhook/web-adapter";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Keeps a webhook's late work (a reply past the deadline) alive after the response, also on Vercel. */
const callContext: WebhookCallContext = { waitUntil: (work) => after(() => work) };

/** Server-URL check (echostr). */
export function GET(request: Request): Promise<Response> {
  return respond("webhook", () => handleWebRequest(getWebhook(), request, callContext));
}

/** Message and event push: plaintext, compatible and safe mode. */
export function POST(request: Request): Promise<Response> {
  return respond("webhook", () => handleWebRequest(getWebhook(), request, callContext));
}
