import "server-only";
import type { AccountSettings } from "../accounts/registry";
import { logger } from "../logger";
import { createComponentWebhook, isReleaseTestAccount } from "../platform/component-webhook";
import type { WeChatClient } from "@wxmp/wechat/client";
import type { JsSdkConfigResult } from "@wxmp/wechat/jssdk";
import type { OAuthComponent } from "@wxmp/wechat/oauth";
import type { Webhook } from "@wxmp/wechat/webhook/types";
import { getComponentPlatform, requireComponentPlatform } from "./component";
import { getEnv } from "./env";
import { createServices, type Services } from "./services";
import { webhookStores } from "./stores";
import { lateDelivery, messageHandler } from "./webhook";
import { accountOAuthConfig, signJsSdkPageFor, type OAuthSettings } from "./wechat";

/**
 * The wiring of an account authorized to the third-party platform (kind "component", built by
 * for-account.ts): its client is the platform's authorizer client (authorizer_access_token under
 * central control, jsapi_ticket from it), its pushes arrive at `/api/wechat/{appid}` with the
 * PLATFORM's Token and key (the release test cases first; refused once it withdrew), OAuth goes
 * through the platform (component_appid, sns/oauth2/component/*), and the console's services
 * are the ordinary ones over that client. No `next/*`: the fast entry builds its webhook.
 */
export interface ComponentAccountWiring {
  readonly account: AccountSettings;
  client(): Promise<WeChatClient>;
  webhook(): Webhook;
  services(): Promise<Services>;
  oauth(): OAuthSettings;
  signJsSdkPage(url: unknown): Promise<JsSdkConfigResult>;
}

/** The platform, for the OAuth code exchange, reached lazily (oauth() is synchronous). */
function lazyOAuthComponent(componentAppId: string): OAuthComponent {
  return { componentAppId, call: async (req) => (await requireComponentPlatform()).call(req) };
}

export function componentAccountWiring(account: AccountSettings): ComponentAccountWiring {
  const { appId } = account;
  const client = async (): Promise<WeChatClient> => (await requireComponentPlatform()).authorizerClient(appId);
  let services: Promise<Services> | undefined;
  let built: Promise<Webhook> | undefined;
  const buildWebhook = async (): Promise<Webhook> => {
    const env = getEnv();
    return createComponentWebhook({
      platform: await requireComponentPlatform(),
      appId,
      onMessage: messageHandler(appId),
      webhook: {
        ...webhookStores(appId),
        replyDeadlineMs: env.replyDeadlineMs,
        maxTimestampSkewSeconds: env.timestampSkewSeconds,
        deliverLate: lateDelivery(client, appId),
      },
      logger,
    });
  };
  const webhook: Webhook = {
    async handle(input, ctx) {
      built ??= buildWebhook().catch((error: unknown) => {
        built = undefined;
        throw error;
      });
      return (await built).handle(input, ctx);
    },
  };
  return {
    account,
    client,
    webhook: () => webhook,
    services: () =>
      (services ??= client()
        .then((c) => createServices(c, appId))
        .catch((error: unknown) => {
          services = undefined;
          throw error;
        })),
    oauth: () => {
      const settings = getEnv().component;
      return settings ? { ...accountOAuthConfig(account), component: lazyOAuthComponent(settings.componentAppId) } : accountOAuthConfig(account);
    },
    signJsSdkPage: (url) => signJsSdkPageFor(account, client, url),
  };
}

const globals = globalThis as unknown as { __releaseTestWebhooks?: Map<string, Webhook> };

/**
 * `/api/wechat/{appid}` for one of WeChat's fixed 全网发布 test accounts, which is no account of
 * ours: the release test cases over the platform's identity. Null when platform mode is off or
 * the AppID is not a test account.
 */
export async function releaseTestWebhook(appId: string): Promise<Webhook | null> {
  if (!isReleaseTestAccount(appId)) return null;
  const platform = await getComponentPlatform();
  if (!platform) return null;
  const made = (globals.__releaseTestWebhooks ??= new Map());
  let webhook = made.get(appId);
  if (!webhook) {
    const env = getEnv();
    webhook = createComponentWebhook({
      platform,
      appId,
      onMessage: () => null,
      webhook: { ...webhookStores(appId), replyDeadlineMs: env.replyDeadlineMs, maxTimestampSkewSeconds: env.timestampSkewSeconds },
      logger,
    });
    made.set(appId, webhook);
  }
  return webhook;
}
