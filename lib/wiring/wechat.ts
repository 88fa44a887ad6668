import "server-only";
import { logger, registerSecret } from "../logger";
import { createWeChatClient, type WeChatClient } from "@wxmp/wechat/client";
import type { HttpOptions } from "@wxmp/wechat/http";
import { buildJsSdkConfig, type JsSdkConfigResult } from "@wxmp/wechat/jssdk";
import { getEnv } from "./env";
import { credentialStore } from "./stores";

/**
 * The WeChat side of the composition root: the client (token central control over the
 * database credential store), WeChat's hosts for OAuth, and the JS-SDK signer, each from the
 * validated env. Also loaded by the self-hosted fast entry (server/), outside Next.
 */
const globals = globalThis as unknown as { __wechatClient?: Promise<WeChatClient> };

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
    store: await credentialStore(),
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

/** What the OAuth sign-in needs: the account, WeChat's hosts and our callback URL. */
export function getOAuthConfig(): { http: HttpOptions; appId: string; appSecret: string; oauthBaseUrl: string; redirectUri: string } {
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
