import { after } from "next/server";
import { respond } from "@/lib/http/api-response";
import { accountWebhook } from "@/lib/wiring/for-account";
import type { WebhookCallContext } from "@wxmp/wechat/webhook/types";
import { handleWebRequest } from "@wxmp/wechat/webhook/web-adapter";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ appid: string }> };

/** Keeps a webhook's late work (a reply past the deadline) alive after the response, also on Vercel. */
const callContext: WebhookCallContext = { waitUntil: (work) => after(() => work) };

/** `/api/wechat/{appid}`: the same webhook as /api/wechat, for the account with that AppID (docs/accounts.md). */
async function handle(request: Request, context: Context): Promise<Response> {
  const { appid } = await context.params;
  const found = await accountWebhook(appid);
  if ("refused" in found) return new Response(found.refused.body, { status: found.refused.status, headers: { "content-type": "text/plain; charset=utf-8" } });
  return handleWebRequest(found.webhook, request, callContext);
}

/** Server-URL check (echostr). */
export async function GET(request: Request, context: Context): Promise<Response> {
  return respond("webhook", () => handle(request, context), { account: (await context.params).appid });
}

/** Message and event push: plaintext, compatible and safe mode. */
export async function POST(request: Request, context: Context): Promise<Response> {
  return respond("webhook", () => handle(request, context), { account: (await context.params).appid });
}
