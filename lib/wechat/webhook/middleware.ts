/**
 * Middleware around the bot, after Hono's `compose`: each one gets the push, its context and
 * `next` (the rest of the chain, the bot last), and may work before or after it. Recorders
 * that count pushes (a QR scan, a template job's status) are middleware that record, then
 * call `next`.
 *
 * Each middleware names the kinds of push it takes (a `type` such as "text" or "event", or an
 * event name such as "SCAN"); a push no middleware takes goes straight to the bot, its own
 * answer returned as it is — a text message pays nothing for recorders of events. The
 * middleware a kind takes are worked out on its first push and remembered.
 */
import type { EventName, InboundMessage } from "../message";
import type { HandlerResult, MessageContext, MessageHandler } from "./types";

/** A push's `type`, or an event's name. */
export type MessageKind = InboundMessage["type"] | EventName;

/** The pushes a kind names: its type, or the events of that name. */
export type MessageOfKind<K extends MessageKind> = Extract<InboundMessage, { type: K }> | Extract<InboundMessage, { event: K }>;

/** The rest of the chain; call it at most once. */
export type Next = () => Promise<HandlerResult>;

export interface MessageMiddleware {
  /** The kinds of push it takes; every other push passes it by without a call. */
  readonly takes: readonly MessageKind[];
  handle(msg: InboundMessage, ctx: MessageContext, next: Next): Promise<HandlerResult> | HandlerResult;
}

/** A middleware, with `msg` narrowed to the kinds it takes. */
export function messageMiddleware<K extends MessageKind>(
  takes: readonly K[],
  handle: (msg: MessageOfKind<K>, ctx: MessageContext, next: Next) => Promise<HandlerResult> | HandlerResult,
): MessageMiddleware {
  // The chain calls it only for the kinds in `takes`: the narrowing holds.
  return { takes, handle: (msg, ctx, next) => handle(msg as MessageOfKind<K>, ctx, next) };
}

/**
 * A middleware that records a push, then lets the chain go on. `record` should catch its
 * own failures: one it throws ends the chain, and the webhook answers `success`.
 */
export function recorder<K extends MessageKind>(
  takes: readonly K[],
  record: (msg: MessageOfKind<K>, ctx: MessageContext) => Promise<void>,
): MessageMiddleware {
  return messageMiddleware(takes, async (msg, ctx, next) => {
    await record(msg, ctx);
    return next();
  });
}

/** A batched recorder: its middleware, and a way to write what is buffered now. */
export interface BatchedRecorder extends MessageMiddleware {
  /** Writes what is buffered now (tests, shutdown). */
  flush(): Promise<void>;
}

/**
 * A recorder off the reply path: each push it takes becomes an entry in a buffer and the chain
 * goes on at once; the buffer is written in one `write` call `batchMs` later, one batch at a
 * time and in order (a later batch never lands before an earlier one). A failed write is handed
 * to `onError` and dropped: a database fault costs a figure, never a reply.
 */
export function batchedRecorder<K extends MessageKind, E>(options: {
  takes: readonly K[];
  entry: (msg: MessageOfKind<K>, ctx: MessageContext) => E;
  write: (batch: E[]) => Promise<void>;
  onError: (error: unknown, count: number) => void;
  batchMs?: number;
}): BatchedRecorder {
  const batchMs = options.batchMs ?? 100;
  let buffer: E[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = buffer;
    buffer = [];
    writing = writing.then(async () => {
      if (batch.length === 0) return;
      try {
        await options.write(batch);
      } catch (error) {
        options.onError(error, batch.length);
      }
    });
    return writing;
  }

  const middleware = messageMiddleware(options.takes, (msg, ctx, next) => {
    buffer.push(options.entry(msg, ctx));
    if (!timer) {
      timer = setTimeout(() => void flush(), batchMs);
      timer.unref?.();
    }
    return next();
  });
  return Object.assign(middleware, { flush });
}

type Chain = readonly MessageMiddleware[];

function dispatch(chain: Chain, index: number, bot: MessageHandler, msg: InboundMessage, ctx: MessageContext): Promise<HandlerResult> {
  const middleware = chain[index];
  if (!middleware) return Promise.resolve(bot(msg, ctx));
  let called = false;
  const next: Next = () => {
    if (called) return Promise.reject(new Error("next() called more than once"));
    called = true;
    return dispatch(chain, index + 1, bot, msg, ctx);
  };
  return Promise.resolve(middleware.handle(msg, ctx, next));
}

/** The bot behind its middleware, in order: the first listed runs first. */
export function composeMessageHandler(chain: Chain, bot: MessageHandler): MessageHandler {
  if (chain.length === 0) return bot;
  const byType = new Map<string, Chain>();
  const byEvent = new Map<string, Chain>();
  const takersOf = (msg: InboundMessage): Chain => {
    const event = msg.type === "event" ? msg.event : undefined;
    const cache = event === undefined ? byType : byEvent;
    const key = event ?? msg.type;
    let takers = cache.get(key);
    if (!takers) {
      takers = chain.filter((m) => (m.takes as readonly string[]).includes(msg.type) || (event !== undefined && (m.takes as readonly string[]).includes(event)));
      cache.set(key, takers);
    }
    return takers;
  };
  return (msg, ctx) => {
    const takers = takersOf(msg);
    // The fast path: nothing to run around the bot, so no promise is made for it.
    return takers.length === 0 ? bot(msg, ctx) : dispatch(takers, 0, bot, msg, ctx);
  };
}
