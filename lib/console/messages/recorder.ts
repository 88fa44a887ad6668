/**
 * The webhook's side of the customer-service window: every interaction WeChat counts (a
 * message from the follower; a menu tap, a follow or a QR scan) noted by openid, as a
 * middleware in the webhook's chain (lib/wiring/webhook.ts puts it there). Off the reply path:
 * it only appends to a buffer and lets the chain go on; the buffer is written in one batch a
 * moment later. Never throws: a database fault costs a window's accuracy, never a reply.
 */
import { describeError } from "../../logger";
import type { Logger } from "@wxmp/wechat/types";
import { batchedRecorder, type BatchedRecorder, type MessageKind } from "@wxmp/wechat/webhook/middleware";
import type { InteractionStore } from "./interactions";
import type { InteractionKind } from "./window";

/** The pushes that open a window (docs/api-kf.md): the follower's messages and these events. */
const MESSAGE_KINDS = ["text", "image", "voice", "video", "shortvideo", "location", "link"] as const;
const EVENT_KINDS = ["subscribe", "SCAN", "CLICK", "scancode_push", "scancode_waitmsg"] as const;
const KINDS: readonly MessageKind[] = [...MESSAGE_KINDS, ...EVENT_KINDS];

export type InteractionRecorder = BatchedRecorder;

export function interactionRecorder(deps: { store: InteractionStore; logger: Logger; batchMs?: number }): InteractionRecorder {
  return batchedRecorder({
    takes: KINDS,
    entry: (msg, ctx): { openid: string; at: number; kind: InteractionKind } => ({ openid: msg.fromUserName, at: ctx.receivedAt, kind: msg.type === "event" ? "event" : "message" }),
    write: (batch) => deps.store.recordInteractions(batch),
    onError: (error, count) => deps.logger.warn("follower interactions not recorded", { count, ...describeError(error) }),
    batchMs: deps.batchMs,
  });
}
