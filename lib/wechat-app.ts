import "server-only";
import { getDb } from "./db";
import { getEnv } from "./env";
import { logger, registerSecret } from "./logger";
import { createPrismaCredentialStore } from "./stores/prisma-credential-store";
import { createWeChatClient, type WeChatClient } from "./wechat/client";
import type { HttpOptions } from "./wechat/http";

/**
 * The one place where the protocol modules (lib/wechat) get their real dependencies:
 * configuration, the database-backed credential store, the logger. Everything else asks
 * this module for a client instead of building one.
 */
const globalForWeChat = globalThis as unknown as { __wechatClient?: Promise<WeChatClient> };

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
  globalForWeChat.__wechatClient ??= createClient().catch((error: unknown) => {
    globalForWeChat.__wechatClient = undefined;
    throw error;
  });
  return globalForWeChat.__wechatClient;
}
