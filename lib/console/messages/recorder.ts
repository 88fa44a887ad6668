/**
 * The webhook's side of the customer-service window: every interaction WeChat counts (a
 * message from the follower; a menu tap, a follow or a QR scan) noted by openid, as a
 * middleware in the webhook's chain (lib/wiring/webhook.ts puts it there). Off the reply path:
 * it only appends to a buffer and lets the chain go on; the buffer is written in one batch a
 * moment later. Never throws: a database fault costs a window's accuracy, never a reply.
 */
import { describeError } from "../../logger";
import type { Logger } from "@wxmp/wechat/types";
import { messageMiddleware, type MessageKind, type MessageMiddleware } from "@wxmp/wechat/webhook/middleware";
import type { InteractionStore } from "./interactions";
import type { InteractionKind } from "./window";

/** The pushes that open a window (docs/api-kf.md): the follower's messages and these events. */
const MESSAGE_KINDS = ["text", "image", "voice", "video", "shortvideo", "location", "link"] as const;
const EVENT_KINDS = ["subscribe", "SCAN", "CLICK", "scancode_push", "scancode_waitmsg"] as const;
const KINDS: readonly MessageKind[] = [...MESSAGE_KINDS, ...EVENT_KINDS];

export interface InteractionRecorder extends MessageMiddleware {
  /** Writes what is buffered now (tests, shutdown). */
  flush(): Promise<void>;
}

export function interactionRecorder(deps: { store: InteractionStore; logger: Logger; batchMs?: number }): InteractionRecorder {
  const batchMs = deps.batchMs ?? 100;
  let buffer: Array<{ openid: string; at: number; kind: InteractionKind }> = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = buffer;
    buffer = [];
    // One batch at a time, in order: a later batch never lands before an earlier one.
    writing = writing.then(async () => {
      if (batch.length === 0) return;
      try {
        await deps.store.recordInteractions(batch);
      } catch (error) {
        deps.logger.warn("follower interactions not recorded", { count: batch.length, ...describeError(error) });
      }
    });
    return writing;
  }

  const middleware = messageMiddleware(KINDS, (msg, ctx, next) => {
    const kind: InteractionKind = msg.type === "event" ? "event" : "message";
    buffer.push({ openid: msg.fromUserName, at: ctx.receivedAt, kind });
    if (!timer) {
      timer = setTimeout(() => void flush(), batchMs);
      timer.unref?.();
    }
    return next();
  });
  return Object.assign(middleware, { flush });
}
