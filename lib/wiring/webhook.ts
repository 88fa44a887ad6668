import "server-only";
import { createBot } from "../bot";
import { interactionRecorder } from "../console/messages/recorder";
import { noteAccountWeChatError, notingWeChatErrors } from "../console/ops/recent-errors";
import { activityRecorder } from "../console/overview/recorder";
import { qrScanRecorder } from "../console/qrcodes/recorder";
import { templateJobRecorder } from "../console/templates/recorder";
import { logger, registerSecret } from "../logger";
import { testBot } from "../test-bot";
import { sendCustomMessage, toCustomMessage } from "@wxmp/wechat/api/custom-message";
import type { InboundMessage } from "@wxmp/wechat/message";
import type { Reply } from "@wxmp/wechat/reply";
import { composeMessageHandler } from "@wxmp/wechat/webhook/middleware";
import type { MessageHandler, Webhook } from "@wxmp/wechat/webhook/types";
import { createWebhook } from "@wxmp/wechat/webhook/webhook";
import type { AccountSettings } from "../accounts/registry";
import { accountKeyPrefix } from "../stores/account-dedup";
import type { WeChatClient } from "@wxmp/wechat/client";
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
export function messageHandler(appId?: string): MessageHandler {
  const recorders = [
    templateJobRecorder({ store: templateSendStore(appId), logger }),
    qrScanRecorder({ store: qrChannelStore(appId), logger }),
    // Buffers and lets the chain go on at once: the batch is written off the reply path.
    interactionRecorder({ store: interactionStore(appId), logger }),
    activityRecorder({ store: activityStore(appId), logger }),
  ];
  // A WeChat error the bot's calls meet is listed (运维, 概览) as the push's account's.
  const chain = notingWeChatErrors(composeMessageHandler(recorders, selectBot()), "webhook", appId);
  if (appId === undefined) return chain;
  // Another account: what the recorders key by the push (a QR scan's row) carries its AppID too.
  const prefix = accountKeyPrefix(appId);
  return (msg, ctx) => chain(msg, { ...ctx, dedupKey: prefix + ctx.dedupKey });
}

/**
 * Sends a reply that missed the webhook's deadline as a customer-service message, through `client`
 * (account `appId`'s; undefined: the env's); throws when it could not, WeChat's refusal listed as that account's.
 */
export const lateDelivery =
  (client: () => Promise<WeChatClient>, appId?: string) =>
  async (msg: InboundMessage, reply: Reply): Promise<void> => {
    const message = toCustomMessage(msg.fromUserName, reply);
    if (!message) throw new Error(`a ${reply.type} reply has no customer-service form`);
    try {
      await sendCustomMessage(await client(), message);
    } catch (error) {
      noteAccountWeChatError(error, "webhook late reply", appId);
      throw error;
    }
    logger.info("late reply delivered by customer-service message", { msgtype: message.msgtype });
  };
const deliverLate = lateDelivery(getWeChatClient);

/**
 * The webhook of an account of the Account table (`/api/wechat/{appid}`): the same chain as the
 * default account's over its own Token, AppID and keys, its own rows (dedup keys, QR scans,
 * interactions) and its own client for late replies. Built by lib/wiring/for-account.ts.
 */
export function createAccountWebhook(account: AccountSettings, client: () => Promise<WeChatClient>): Webhook {
  const env = getEnv();
  if (!account.token) throw new Error(`account ${account.appId} has no Token of its own`);
  for (const secret of [account.encodingAESKey, account.previousEncodingAESKey]) if (secret) registerSecret(secret);
  return createWebhook({
    token: account.token,
    appId: account.appId,
    encodingAESKey: account.encodingAESKey,
    previousEncodingAESKey: account.previousEncodingAESKey,
    acceptPlaintext: env.acceptPlaintext,
    onMessage: messageHandler(account.appId),
    ...webhookStores(account.appId),
    replyDeadlineMs: env.replyDeadlineMs,
    maxTimestampSkewSeconds: env.timestampSkewSeconds,
    deliverLate: lateDelivery(client, account.appId),
    logger,
  });
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
