import "server-only";
import { createBot } from "../bot";
import { interactionRecorder } from "../console/messages/recorder";
import { activityRecorder } from "../console/overview/recorder";
import { qrScanRecorder } from "../console/qrcodes/recorder";
import { templateJobRecorder } from "../console/templates/recorder";
import { logger } from "../logger";
import { testBot } from "../test-bot";
import { sendCustomMessage, toCustomMessage } from "@wxmp/wechat/api/custom-message";
import type { InboundMessage } from "@wxmp/wechat/message";
import type { Reply } from "@wxmp/wechat/reply";
import { composeMessageHandler } from "@wxmp/wechat/webhook/middleware";
import type { MessageHandler, Webhook } from "@wxmp/wechat/webhook/types";
import { createWebhook } from "@wxmp/wechat/webhook/webhook";
import { getEnv } from "./env";
import { activityStore, interactionStore, qrChannelStore, templateSendStore, webhookStores } from "./stores";
import { getWeChatClient } from "./wechat";

/**
 * The `/api/wechat` webhook as the app runs it: the selected bot behind the console's
 * recorders, the database stores, late delivery by customer-service message. Next's
 * `after()` stays in the route handler: this module also runs in the self-hosted fast entry
 * (server/), outside Next.
 */
const globals = globalThis as unknown as { __wechatWebhook?: Webhook };

/** The bot the webhook runs: the example bot (lib/bot.ts), or the end-to-end suite's (BOT=test). */
function selectBot(): MessageHandler {
  const env = getEnv();
  return env.bot === "test" ? testBot : createBot({ appUrl: env.appUrl, demoCommands: env.botDemoCommands });
}

/**
 * The handler: the console's recorders in front of the bot, in one chain. They run once per
 * push, under the dedup claim, so each push counts once; each takes only its events, so a
 * text message goes straight to the bot. Neither throws: a database fault never costs the reply.
 */
function messageHandler(): MessageHandler {
  const recorders = [
    templateJobRecorder({ store: templateSendStore(), logger }),
    qrScanRecorder({ store: qrChannelStore(), logger }),
    // Buffers and lets the chain go on at once: the batch is written off the reply path.
    interactionRecorder({ store: interactionStore(), logger }),
    activityRecorder({ store: activityStore(), logger }),
  ];
  return composeMessageHandler(recorders, selectBot());
}

/** Sends a reply that missed the webhook's deadline as a customer-service message; throws when it could not. */
async function deliverLate(msg: InboundMessage, reply: Reply): Promise<void> {
  const message = toCustomMessage(msg.fromUserName, reply);
  if (!message) throw new Error(`a ${reply.type} reply has no customer-service form`);
  await sendCustomMessage(await getWeChatClient(), message);
  logger.info("late reply delivered by customer-service message", { msgtype: message.msgtype });
}

/** The `/api/wechat` webhook, built once per process. */
export function getWebhook(): Webhook {
  if (globals.__wechatWebhook) return globals.__wechatWebhook;
  const env = getEnv();
  globals.__wechatWebhook = createWebhook({
    token: env.token,
    appId: env.appId,
    encodingAESKey: env.encodingAESKey,
    previousEncodingAESKey: env.previousEncodingAESKey,
    acceptPlaintext: env.acceptPlaintext,
    onMessage: messageHandler(),
    ...webhookStores(),
    replyDeadlineMs: env.replyDeadlineMs,
    maxTimestampSkewSeconds: env.timestampSkewSeconds,
    deliverLate,
    logger,
  });
  return globals.__wechatWebhook;
}
