import "server-only";
import { after } from "next/server";
import { bot } from "./bot";
import { recordQrScan } from "./console/qr-channels-app";
import { getDb } from "./db";
import { getEnv } from "./env";
import { describeError, logger } from "./logger";
import { createPrismaDedupStore } from "./stores/prisma-dedup-store";
import { getWeChatClient } from "./wechat-app";
import { sendCustomMessage, type CustomMessage } from "./wechat/api/custom-message";
import type { DedupStore } from "./wechat/dedup";
import { getDedupKey, type InboundMessage } from "./wechat/message";
import type { Reply } from "./wechat/reply";
import { createWebhookHandler, type WebhookHandler } from "./wechat/webhook";

/** A passive reply turned into the customer-service message that carries it late. */
function toCustomMessage(to: string, reply: Reply): CustomMessage | null {
  switch (reply.type) {
    case "text":
      return { touser: to, msgtype: "text", text: { content: reply.content } };
    case "image":
      return { touser: to, msgtype: "image", image: { media_id: reply.mediaId } };
    case "voice":
      return { touser: to, msgtype: "voice", voice: { media_id: reply.mediaId } };
    case "video":
      return {
        touser: to,
        msgtype: "video",
        video: { media_id: reply.mediaId, thumb_media_id: "", title: reply.title, description: reply.description },
      };
    case "music":
      return {
        touser: to,
        msgtype: "music",
        music: {
          title: reply.title,
          description: reply.description,
          musicurl: reply.musicUrl ?? "",
          hqmusicurl: reply.hqMusicUrl ?? reply.musicUrl ?? "",
          thumb_media_id: reply.thumbMediaId,
        },
      };
    case "news":
      return {
        touser: to,
        msgtype: "news",
        news: { articles: [{ title: reply.article.title, description: reply.article.description, url: reply.article.url ?? "", picurl: reply.article.picUrl }] },
      };
    default:
      return null; // transfer_customer_service has no customer-service equivalent
  }
}

async function deliverLate(msg: InboundMessage, reply: Reply): Promise<void> {
  const message = toCustomMessage(msg.fromUserName, reply);
  if (!message) {
    logger.warn("late reply has no customer-service form; dropped", { type: reply.type });
    return;
  }
  let lateError: string | null = null;
  try {
    await sendCustomMessage(await getWeChatClient(), message);
    logger.info("late reply delivered by customer-service message", { msgtype: message.msgtype });
  } catch (error) {
    lateError = error instanceof Error ? error.message.slice(0, 500) : "unknown error";
    logger.error("late reply could not be delivered", describeError(error));
  }
  // Recorded on the push's dedup record, so the outcome can be audited (and is never resent).
  try {
    const db = await getDb();
    await db.webhookDelivery.updateMany({
      where: { key: getDedupKey(msg) },
      data: lateError === null ? { lateSentAt: new Date() } : { lateError },
    });
  } catch (error) {
    logger.warn("late reply outcome not recorded", describeError(error));
  }
}

/**
 * The database dedup store, opened on first use. A database that is down makes its calls
 * fail, which the webhook degrades around (it still answers, without exactly-once).
 */
function lazyDedupStore(): DedupStore {
  let ready: DedupStore | undefined; // once open, calls go straight to it (no extra await per call)
  let opening: Promise<DedupStore> | undefined;
  const open = (): Promise<DedupStore> =>
    (opening ??= getDb()
      .then((db) => (ready = createPrismaDedupStore(db)))
      .catch((error: unknown) => {
        opening = undefined; // try again on the next push
        throw error;
      }));
  const withStore = <T>(run: (store: DedupStore) => Promise<T>): Promise<T> => (ready ? run(ready) : open().then(run));
  return {
    claim: (...args) => withStore((store) => store.claim(...args)),
    get: (...args) => withStore((store) => store.get(...args)),
    complete: (...args) => withStore((store) => store.complete(...args)),
    defer: (...args) => withStore((store) => store.defer(...args)),
    purgeExpired: (...args) => withStore((store) => store.purgeExpired(...args)),
  };
}

let handler: WebhookHandler | undefined;

/** The `/api/wechat` behaviour with the app's bot, database dedup and late delivery. */
export function getWebhookHandler(): WebhookHandler {
  if (handler) return handler;
  const env = getEnv();
  handler = createWebhookHandler({
    token: env.token,
    appId: env.appId,
    encodingAESKey: env.encodingAESKey,
    previousEncodingAESKey: env.previousEncodingAESKey,
    handler: (msg) => recordQrScan(msg).then(() => bot(msg)),
    dedup: lazyDedupStore(),
    replyDeadlineMs: env.replyDeadlineMs,
    maxTimestampSkewSeconds: env.timestampSkewSeconds,
    deliverLate,
    // Keeps the late reply's work alive after the response (also on Vercel).
    waitUntil: (promise) => after(() => promise),
    logger,
  });
  return handler;
}
