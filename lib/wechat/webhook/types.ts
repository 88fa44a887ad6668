/**
 * The webhook's framework-free edges: what a server hands it (`WebhookInput`) and what it
 * answers (`WebhookOutput`). A Next.js route adapts Web Request/Response to these
 * (web-adapter.ts); a plain node:http server can build them without either.
 */
import type { InboundMessage } from "../message";
import type { Reply } from "../reply";

export interface WebhookInput {
  /** GET = server-URL check, POST = push, anything else 405. */
  method: string;
  query: URLSearchParams;
  /** Declared body size, checked before reading. */
  contentLength?: number;
  /** Reads the body; `null` = over `maxBytes` (stop reading). May reject when the client goes away. */
  readBody(maxBytes: number): Promise<Uint8Array | null>;
}

export interface WebhookOutput {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookCallContext {
  /** Keeps work alive after the response (late replies, purges): Next's `after()`. */
  waitUntil?: (work: Promise<unknown>) => void;
}

export interface Webhook {
  handle(input: WebhookInput, ctx?: WebhookCallContext): Promise<WebhookOutput>;
}

/** The application's bot: a reply, or nothing (WeChat gets `success`). */
export type MessageHandler = (msg: InboundMessage) => Promise<Reply | null | undefined> | Reply | null | undefined;

export const textOutput = (status: number, body: string): WebhookOutput => ({
  status,
  headers: { "content-type": "text/plain; charset=utf-8" },
  body,
});

export const xmlOutput = (body: string): WebhookOutput => ({
  status: 200,
  headers: { "content-type": "application/xml; charset=utf-8" },
  body,
});

/** A refusal or failure on the way through the webhook; `handle` turns it into its output. */
export function isOutput(value: unknown): value is WebhookOutput {
  return typeof value === "object" && value !== null && "status" in value && "body" in value && "headers" in value;
}

/** A bot may throw anything, even a value whose toString throws: describing it must not. */
export function describeThrown(error: unknown): string {
  try {
    return String(error);
  } catch {
    return "unprintable error";
  }
}
