/**
 * The webhook's side of the 概览: every follow, unfollow and follower message noted under the
 * push's dedup key, as a middleware in the webhook's chain (lib/wiring/webhook.ts puts it there).
 * Off the reply path, as the customer-service window's recorder: it appends to a buffer, lets the
 * chain go on, and the buffer is written in one batch a moment later. Never throws: a database
 * fault costs a figure on the overview, never a reply.
 */
import { describeError } from "../../logger";
import type { Logger } from "@wxmp/wechat/types";
import { batchedRecorder, type BatchedRecorder, type MessageKind } from "@wxmp/wechat/webhook/middleware";
import type { ActivityEvent, ActivityKind, ActivityStore } from "./activity";

/** What a follower sends (WeChat's message types), and the two events that change the count. */
const MESSAGE_KINDS = ["text", "image", "voice", "video", "shortvideo", "location", "link"] as const;
const KINDS: readonly MessageKind[] = [...MESSAGE_KINDS, "subscribe", "unsubscribe"];

export type ActivityRecorder = BatchedRecorder;

export function activityRecorder(deps: { store: ActivityStore; logger: Logger; batchMs?: number }): ActivityRecorder {
  return batchedRecorder({
    takes: KINDS,
    entry: (msg, ctx): ActivityEvent => {
      const kind: ActivityKind = msg.type !== "event" ? "message" : msg.event === "unsubscribe" ? "unsubscribe" : "subscribe";
      return { key: ctx.dedupKey, kind, openid: msg.fromUserName, at: ctx.receivedAt };
    },
    write: (batch) => deps.store.record(batch),
    onError: (error, count) => deps.logger.warn("account activity not recorded", { count, ...describeError(error) }),
    batchMs: deps.batchMs,
  });
}
