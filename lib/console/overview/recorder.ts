/**
 * The webhook's side of the 概览: every follow, unfollow and follower message noted under the
 * push's dedup key, as a middleware in the webhook's chain (lib/wiring/webhook.ts puts it there).
 * Off the reply path, as the customer-service window's recorder: it appends to a buffer, lets the
 * chain go on, and the buffer is written in one batch a moment later. Never throws: a database
 * fault costs a figure on the overview, never a reply.
 */
import { describeError } from "../../logger";
import type { Logger } from "@wxmp/wechat/types";
import { messageMiddleware, type MessageKind, type MessageMiddleware } from "@wxmp/wechat/webhook/middleware";
import type { ActivityEvent, ActivityKind, ActivityStore } from "./activity";

/** What a follower sends (WeChat's message types), and the two events that change the count. */
const MESSAGE_KINDS = ["text", "image", "voice", "video", "shortvideo", "location", "link"] as const;
const KINDS: readonly MessageKind[] = [...MESSAGE_KINDS, "subscribe", "unsubscribe"];

export interface ActivityRecorder extends MessageMiddleware {
  /** Writes what is buffered now (tests, shutdown). */
  flush(): Promise<void>;
}

export function activityRecorder(deps: { store: ActivityStore; logger: Logger; batchMs?: number }): ActivityRecorder {
  const batchMs = deps.batchMs ?? 100;
  let buffer: ActivityEvent[] = [];
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
        await deps.store.record(batch);
      } catch (error) {
        deps.logger.warn("account activity not recorded", { count: batch.length, ...describeError(error) });
      }
    });
    return writing;
  }

  const middleware = messageMiddleware(KINDS, (msg, ctx, next) => {
    const kind: ActivityKind = msg.type !== "event" ? "message" : msg.event === "unsubscribe" ? "unsubscribe" : "subscribe";
    buffer.push({ key: ctx.dedupKey, kind, openid: msg.fromUserName, at: ctx.receivedAt });
    if (!timer) {
      timer = setTimeout(() => void flush(), batchMs);
      timer.unref?.();
    }
    return next();
  });
  return Object.assign(middleware, { flush });
}
