import "server-only";
import { logger, registerSecret } from "../logger";
import { createWeChatClient, type WeChatClient } from "@wxmp/wechat/client";
import type { HttpOptions } from "@wxmp/wechat/http";
import { buildJsSdkConfig, type JsSdkConfigResult } from "@wxmp/wechat/jssdk";
import type { OAuthComponent } from "@wxmp/wechat/oauth";
import type { AccountSettings } from "../accounts/registry";
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

/**
 * The client of an account of the Account table (several accounts): its own AppSecret and token
 * mode, the same central control table (rows keyed by its AppID). Component accounts (authorized
 * to the third-party platform) get theirs from the platform: for-account.ts builds them with
 * component-account.ts, never here.
 */
export async function createAccountClient(account: AccountSettings): Promise<WeChatClient> {
  if (account.kind === "component") throw new Error(`account ${account.appId} is authorized to the third-party platform: its client comes from component-account.ts`);
  if (!account.appSecret) throw new Error(`account ${account.appId} has no AppSecret`);
  registerSecret(account.appSecret);
  return createWeChatClient({
    appId: account.appId,
    appSecret: account.appSecret,
    mode: account.tokenMode,
    store: await credentialStore(),
    http: getApiHttp(),
    logger,
  });
}

export type OAuthSettings = { http: HttpOptions; appId: string; appSecret: string; oauthBaseUrl: string; redirectUri: string; component?: OAuthComponent };

/** One account's OAuth settings: the callback names the account (`?appid=`), so the code is exchanged by the same account. */
export function accountOAuthConfig(account: AccountSettings): OAuthSettings {
  const env = getEnv();
  return {
    http: getApiHttp(),
    appId: account.appId,
    appSecret: account.appSecret ?? "",
    oauthBaseUrl: env.oauthBaseUrl,
    redirectUri: `${env.appUrl}${OAUTH_CALLBACK_PATH}?appid=${account.appId}`,
  };
}

/** Signs `wx.config` with one account's AppID and jsapi_ticket. */
export function signJsSdkPageFor(account: AccountSettings, client: () => Promise<WeChatClient>, url: unknown): Promise<JsSdkConfigResult> {
  return buildJsSdkConfig({
    appId: account.appId,
    url,
    allowedOrigins: getEnv().jssdkAllowedOrigins,
    getTicket: async () => (await client()).credentials.getJsApiTicket(),
  });
}

/** What the OAuth sign-in needs: the account, WeChat's hosts and our callback URL. */
export function getOAuthConfig(): OAuthSettings {
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
