import { after } from "next/server";
import { respond } from "@/lib/api-response";
import { getWebhookHandler } from "@/lib/webhook";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// A late reply's work is kept alive past the response by Next (also on Vercel).
const call = { waitUntil: (work: Promise<unknown>) => after(() => work) };

/** Server-URL check (echostr). */
export function GET(request: Request): Promise<Response> {
  return respond("webhook", () => getWebhookHandler().handleGet(request));
}

/** Message and event push: plaintext, compatible and safe mode. */
export function POST(request: Request): Promise<Response> {
  return respond("webhook", () => getWebhookHandler().handlePost(request, call));
}
