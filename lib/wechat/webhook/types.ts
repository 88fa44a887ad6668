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

/** The account a push was sent to. An object, so that serving several accounts adds fields, not parameters. */
export interface WebhookAccount {
  readonly appId: string;
}

/**
 * What the webhook knew about a push when it handed it on: handlers and middleware use it
 * instead of working it out again.
 */
export interface MessageContext {
  /** The push's dedup key (`getDedupKey`): the same on every retry, so a record keyed by it counts the push once. */
  readonly dedupKey: string;
  /** When this delivery arrived, epoch ms (the webhook's clock). */
  readonly receivedAt: number;
  readonly account: WebhookAccount;
  /**
   * Keeps work alive after the answer (the call's `waitUntil`, else the webhook's): for work a
   * handler starts but WeChat must not wait for, such as the 全网发布 test's customer-service
   * reply. Absent when a handler is called outside the webhook.
   */
  readonly waitUntil?: (work: Promise<unknown>) => void;
}

/** What a handler answers: a reply, or nothing (WeChat gets `success`). */
export type HandlerResult = Reply | null | undefined;

/** The application's bot. A bot written for the message alone (`(msg) => …`) is one too. */
export type MessageHandler = (msg: InboundMessage, ctx: MessageContext) => Promise<HandlerResult> | HandlerResult;

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

/** A bot may throw anything, even a value whose toString throws: describing it must not. */
export function describeThrown(error: unknown): string {
  try {
    return String(error);
  } catch {
    return "unprintable error";
  }
}
