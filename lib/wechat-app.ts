import "server-only";
import { selectBot } from "./bots";
import { getDb } from "./db";
import { pgPoolOf } from "./db-client";
import { getEnv } from "./env";
import { logger, registerSecret } from "./logger";
import { createPrismaCredentialStore } from "./stores/prisma-credential-store";
import { lazyStore } from "./stores/lazy-store";
import { createPgWebhookStores, type PgWebhookStores } from "./stores/pg-webhook-stores";
import { openSqliteWebhookStores, type SqliteWebhookStores } from "./stores/sqlite-webhook-stores";
import { recordQrScan } from "./console/qr-scan-recorder";
import { recordTemplateJobStatus } from "./template-sends";
import { sendCustomMessage, toCustomMessage } from "./wechat/api/custom-message";
import { createWeChatClient, type WeChatClient } from "./wechat/client";
import type { HttpOptions } from "./wechat/http";
import { buildJsSdkConfig, type JsSdkConfigResult } from "./wechat/jssdk";
import type { InboundMessage } from "./wechat/message";
import { composeMessageHandler, recorder } from "./wechat/webhook/middleware";
import type { Reply } from "./wechat/reply";
import type { BodyBindingStore } from "./wechat/webhook/body-binding";
import type { DedupStore } from "./wechat/webhook/dedup";
import type { Webhook } from "./wechat/webhook/types";
import { createWebhook } from "./wechat/webhook/webhook";

/**
 * The composition root: the one place where the protocol modules (lib/wechat) get their real
 * dependencies — the validated env, the database stores, the logger. Next's `after()` stays in
 * the route handler: this module also runs in the self-hosted fast entry, outside Next.
 * Routes and app modules ask this module for a client, the webhook, the OAuth settings or
 * the JS-SDK signer instead of building them.
 */
const globals = globalThis as unknown as { __wechatClient?: Promise<WeChatClient>; __wechatWebhook?: Webhook };

/** Where WeChat sends the browser back after authorization (registered in the console's 网页授权域名). */
export const OAUTH_CALLBACK_PATH = "/api/auth/wechat/callback";

export function getApiHttp(): HttpOptions {
  const env = getEnv();
  return { baseUrl: env.apiBaseUrl, timeoutMs: env.httpTimeoutMs, logger };
}

async function createClient(): Promise<WeChatClient> {
  const env = getEnv();
  for (const secret of [env.appSecret, env.adminToken, env.sessionPassword, env.cronSecret]) registerSecret(secret);
  return createWeChatClient({
    appId: env.appId,
    appSecret: env.appSecret,
    mode: env.tokenMode,
    store: createPrismaCredentialStore(await getDb()),
    http: getApiHttp(),
    logger,
  });
}

/** The process-wide WeChat client (token central control + typed API calls). */
export function getWeChatClient(): Promise<WeChatClient> {
  globals.__wechatClient ??= createClient().catch((error: unknown) => {
    globals.__wechatClient = undefined;
    throw error;
  });
  return globals.__wechatClient;
}

/** Sends a reply that missed the webhook's deadline as a customer-service message; throws when it could not. */
async function deliverLate(msg: InboundMessage, reply: Reply): Promise<void> {
  const message = toCustomMessage(msg.fromUserName, reply);
  if (!message) throw new Error(`a ${reply.type} reply has no customer-service form`);
  await sendCustomMessage(await getWeChatClient(), message);
  logger.info("late reply delivered by customer-service message", { msgtype: message.msgtype });
}

/**
 * The webhook's stores, not through Prisma: the writes every push makes cost a fraction of
 * Prisma's that way (docs/benchmarks.md). On SQLite, statements prepared once on a connection
 * of their own (sqlite-webhook-stores.ts); on PostgreSQL, prepared statements on the pool
 * Prisma uses (pg-webhook-stores.ts). Opened on the first push, not at start-up.
 */
function webhookStores(): { dedup: DedupStore; bodyBindings: BodyBindingStore } {
  const target = getEnv().database;
  if (target.provider === "sqlite") {
    let opened: SqliteWebhookStores | undefined;
    const open = async () => (opened ??= openSqliteWebhookStores(target.file, logger));
    return {
      dedup: lazyStore<DedupStore>(async () => (await open()).dedup),
      bodyBindings: lazyStore<BodyBindingStore>(async () => (await open()).bodyBindings),
    };
  }
  let pgStores: PgWebhookStores | undefined;
  const openPg = async () => (pgStores ??= createPgWebhookStores(pgPoolOf(await getDb())));
  return {
    dedup: lazyStore<DedupStore>(async () => (await openPg()).dedup),
    bodyBindings: lazyStore<BodyBindingStore>(async () => (await openPg()).bodyBindings),
  };
}

/**
 * The console's recorders, in front of the bot. They run once per push, under the dedup
 * claim, so each push counts once; each takes only its events, so a text message goes
 * straight to the bot. Neither throws: a database fault never costs the reply.
 */
const recorders = [recorder(["TEMPLATESENDJOBFINISH"], recordTemplateJobStatus), recorder(["subscribe", "SCAN"], recordQrScan)];

/** The `/api/wechat` webhook with the selected bot, database stores and late delivery. */
export function getWebhook(): Webhook {
  if (globals.__wechatWebhook) return globals.__wechatWebhook;
  const env = getEnv();
  const bot = selectBot(env.bot);
  globals.__wechatWebhook = createWebhook({
    token: env.token,
    appId: env.appId,
    encodingAESKey: env.encodingAESKey,
    previousEncodingAESKey: env.previousEncodingAESKey,
    acceptPlaintext: env.acceptPlaintext,
    onMessage: composeMessageHandler(recorders, bot),
    ...webhookStores(),
    replyDeadlineMs: env.replyDeadlineMs,
    maxTimestampSkewSeconds: env.timestampSkewSeconds,
    deliverLate,
    logger,
  });
  return globals.__wechatWebhook;
}

/** What the OAuth sign-in needs: the account, WeChat's hosts and our callback URL. */
export function getOAuthConfig() {
  const env = getEnv();
  return {
    http: getApiHttp(),
    appId: env.appId,
    appSecret: env.appSecret,
    oauthBaseUrl: env.oauthBaseUrl,
    redirectUri: `${env.appUrl}${OAUTH_CALLBACK_PATH}`,
  };
}

/** Signs `wx.config` for a page URL of one of our origins (APP_URL, JSSDK_ALLOWED_ORIGINS). */
export function signJsSdkPage(url: unknown): Promise<JsSdkConfigResult> {
  const env = getEnv();
  return buildJsSdkConfig({
    appId: env.appId,
    url,
    allowedOrigins: env.jssdkAllowedOrigins,
    getTicket: async () => (await getWeChatClient()).credentials.getJsApiTicket(),
  });
}
