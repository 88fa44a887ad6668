/**
 * Web Request/Response ↔ the framework-free webhook, for Next.js route handlers (and any
 * runtime with WHATWG fetch types). Uses nothing but the Web standard classes.
 */
import type { Webhook, WebhookCallContext, WebhookInput, WebhookOutput } from "./types";

/** Reads at most `max` bytes of a stream; null as soon as it passes them (also without a Content-Length). */
export async function readLimited(body: ReadableStream<Uint8Array> | null, max: number): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export function toWebhookInput(request: Request): WebhookInput {
  const declared = request.headers.get("content-length");
  return {
    method: request.method,
    query: new URL(request.url).searchParams,
    contentLength: declared === null ? undefined : Number(declared),
    readBody: (maxBytes) => readLimited(request.body, maxBytes),
  };
}

export function toResponse(output: WebhookOutput): Response {
  return new Response(output.body, { status: output.status, headers: output.headers });
}

/** One request through the webhook: `export const POST = (r: Request) => handleWebRequest(webhook, r)`. */
export async function handleWebRequest(webhook: Webhook, request: Request, ctx?: WebhookCallContext): Promise<Response> {
  return toResponse(await webhook.handle(toWebhookInput(request), ctx));
}
