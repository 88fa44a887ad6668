import "server-only";
import { AccountSecretsError, type AccountSettings } from "../accounts/registry";
import type { WeChatClient } from "@wxmp/wechat/client";
import type { JsSdkConfigResult } from "@wxmp/wechat/jssdk";
import type { Webhook } from "@wxmp/wechat/webhook/types";
import { getAccountRegistry } from "./accounts";
import { componentAccountWiring, releaseTestWebhook } from "./component-account";
import { createServices, getServices, type Services } from "./services";
import { createAccountWebhook, getWebhook } from "./webhook";
import { accountOAuthConfig, createAccountClient, getOAuthConfig, getWeChatClient, signJsSdkPage, signJsSdkPageFor, type OAuthSettings } from "./wechat";

/**
 * Everything the app builds for one account (several accounts in one deployment): its client
 * (token central control rows under its AppID), its webhook, its console services, its OAuth
 * settings and its JS-SDK signer. The env's account gets the process-wide ones it always had
 * (getWeChatClient, getWebhook, …): nothing changes for a single-account deployment.
 *
 * Another account's are built on first use and kept per AppID together with the account's
 * version (the row's updatedAt): when the registry sees the row change (a new AppSecret, a new
 * key) they are built again; when it no longer resolves (retired, removed) they are dropped and
 * `forAccount` answers null. Nothing built for one AppID is ever handed out for another.
 */
export interface AccountWiring {
  readonly account: AccountSettings;
  client(): Promise<WeChatClient>;
  webhook(): Webhook;
  services(): Promise<Services>;
  oauth(): OAuthSettings;
  signJsSdkPage(url: unknown): Promise<JsSdkConfigResult>;
}

const globals = globalThis as unknown as { __accountWirings?: Map<string, AccountWiring> };
const wirings = (globals.__accountWirings ??= new Map());

/** A promise made once and forgotten when it fails, so the next call tries again. */
function retrying<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () =>
    (made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    }));
}

function defaultWiring(account: AccountSettings): AccountWiring {
  return { account, client: getWeChatClient, webhook: getWebhook, services: getServices, oauth: getOAuthConfig, signJsSdkPage };
}

function accountWiring(account: AccountSettings): AccountWiring {
  // Authorized to the third-party platform: its tokens, pushes and OAuth go through the platform.
  if (account.kind === "component") return componentAccountWiring(account);
  const client = retrying(() => createAccountClient(account));
  const services = retrying(async () => createServices(await client(), account.appId));
  let webhook: Webhook | undefined;
  return {
    account,
    client,
    webhook: () => (webhook ??= createAccountWebhook(account, client)),
    services,
    oauth: () => accountOAuthConfig(account),
    signJsSdkPage: (url) => signJsSdkPageFor(account, client, url),
  };
}

/** The wiring of an active account; null when the AppID is unknown or the account is retired. */
export async function forAccount(appId: string): Promise<AccountWiring | null> {
  const registry = getAccountRegistry();
  const account = await registry.resolve(appId);
  if (!account) {
    wirings.delete(appId);
    return null;
  }
  if (account.source === "env") return defaultWiring(account);
  const cached = wirings.get(appId);
  if (cached && cached.account.version === account.version) return cached;
  const made = accountWiring(account);
  wirings.set(appId, made);
  return made;
}

/** The env's account's wiring (the console's default; `/api/wechat`). */
export function defaultAccountId(): string {
  return getAccountRegistry().defaultAppId;
}

/** What `/api/wechat/{appid}` answers before the webhook: the account's webhook, or a short refusal. */
export type AccountWebhookLookup = { webhook: Webhook } | { refused: { status: number; body: string } };

/**
 * The webhook for `/api/wechat/{appid}`. Unknown or retired AppIDs get a 404 with a short text
 * (never a 500, never which of the two); an account whose secrets no longer open (the key was
 * changed) a 503 naming nothing secret.
 */
export async function accountWebhook(appId: string): Promise<AccountWebhookLookup> {
  try {
    const wiring = await forAccount(appId);
    if (!wiring) {
      // WeChat's 全网发布 test accounts reach a third-party platform without being accounts of ours.
      const releaseTest = await releaseTestWebhook(appId);
      return releaseTest ? { webhook: releaseTest } : { refused: { status: 404, body: "unknown account" } };
    }
    return { webhook: wiring.webhook() };
  } catch (error) {
    if (error instanceof AccountSecretsError) return { refused: { status: 503, body: "account unavailable" } };
    throw error;
  }
}

/** `GET /api/jssdk/config[?appid=]`: signed with that account's AppID and jsapi_ticket; null when it is unknown or retired. */
export async function signJsSdkPageOf(appId: string | null, url: unknown): Promise<JsSdkConfigResult | null> {
  if (!appId) return signJsSdkPage(url);
  const wiring = await forAccount(appId);
  return wiring ? wiring.signJsSdkPage(url) : null;
}

/**
 * The cron's refresh ahead of expiry for every active account beyond the env's (whose refresh the
 * route does as before): AppID → what was refreshed, or `{ error }` for an account that failed
 * (one account's fault does not stop the others'). Empty for a single-account deployment.
 */
export async function refreshOtherAccountsIfDue(): Promise<Record<string, { accessToken: boolean; jsApiTicket: boolean } | { error: string }>> {
  const results: Record<string, { accessToken: boolean; jsApiTicket: boolean } | { error: string }> = {};
  for (const summary of await getAccountRegistry().list()) {
    if (summary.default || summary.status !== "active") continue;
    try {
      const wiring = await forAccount(summary.appId);
      if (wiring) results[summary.appId] = await (await wiring.services()).tokens.refreshIfDue();
    } catch (error) {
      results[summary.appId] = { error: error instanceof Error ? error.name : "error" };
    }
  }
  return results;
}
