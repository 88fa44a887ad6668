/**
 * The webhook as a framework-free function of a small input: what the route handler and the
 * self-hosted fast entry (server/) both adapt to. No Web `Request`/`Response` in the interface,
 * so an adapter over node:http does not have to build one per push.
 */
import type { WebhookCallContext as HandlerCallContext, WebhookHandler } from "./webhook";

export interface WebhookInput {
  /** GET = server-URL check, POST = push, anything else 405. */
  method: string;
  query: URLSearchParams;
  /** The declared length, checked before a byte of the body is read. */
  contentLength?: number;
  /** Reads the body; null = over `maxBytes` (the reader stops there). */
  readBody(maxBytes: number): Promise<Uint8Array | null>;
}

export interface WebhookOutput {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Per call: where a late reply's work is kept alive (Next's `after()`, or a server's pending list). */
export type WebhookCallContext = HandlerCallContext;

export interface Webhook {
  handle(input: WebhookInput, ctx?: WebhookCallContext): Promise<WebhookOutput>;
}

const DEFAULT_MAX_BODY = 1024 * 1024;
// The URL only carries the query to the Request-based handler; its origin is never used.
const BRIDGE_ORIGIN = "http://webhook.invalid/api/wechat";

const plain = (status: number, body: string, headers: Record<string, string> = {}): WebhookOutput => ({
  status,
  headers: { "content-type": "text/plain; charset=utf-8", ...headers },
  body,
});

async function toOutput(response: Response): Promise<WebhookOutput> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  return { status: response.status, headers, body: await response.text() };
}

/**
 * TEMPORARY BRIDGE (issue 16 waiting for issue 12): a `Webhook` over today's Request-based
 * `createWebhookHandler`, building a Web `Request` per call — the slow path the real core
 * removes. The lead replaces this with the framework-free core when both branches merge;
 * callers depend only on the `Webhook` interface above.
 */
export function bridgeWebhook(handler: WebhookHandler, maxBodyBytes = DEFAULT_MAX_BODY): Webhook {
  return {
    async handle(input, ctx) {
      const url = `${BRIDGE_ORIGIN}?${input.query.toString()}`;
      if (input.method === "GET") return toOutput(await handler.handleGet(new Request(url)));
      if (input.method !== "POST") return plain(405, "method not allowed", { allow: "GET, POST" });
      // The handler keeps its own order of refusals (400 missing query, 413 declared length, 401 signature):
      // it gets the declared length as a header, and an oversized body stays oversized.
      const headers = input.contentLength === undefined ? undefined : { "content-length": String(input.contentLength) };
      if ((input.contentLength ?? 0) > maxBodyBytes) {
        return toOutput(await handler.handlePost(new Request(url, { method: "POST", headers }), ctx));
      }
      let body: Uint8Array | null;
      try {
        body = await input.readBody(maxBodyBytes);
      } catch {
        return plain(400, "unreadable body"); // the client went away mid-body
      }
      const request = new Request(url, {
        method: "POST",
        headers: body === null ? undefined : headers,
        body: (body ?? new Uint8Array(maxBodyBytes + 1)) as BodyInit,
      });
      return toOutput(await handler.handlePost(request, ctx));
    },
  };
}
