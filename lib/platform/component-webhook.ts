/**
 * The server URL of an account authorized to the third-party platform (`/api/wechat/{appid}`):
 * its pushes are signed with the PLATFORM's Token and encrypted with the platform's key, the
 * component_appid sealed inside (`platform.webhookIdentity`). In front of the account's own
 * chain, the 全网发布 release test cases (WeChat's fixed test accounts, answered even before
 * they are stored as authorized). A push for an account that withdrew is refused (403) before
 * anything is opened or run: its tokens are gone, and nothing may answer for it.
 */
import { RELEASE_TEST_ACCOUNTS, releaseTestMiddleware } from "@wxmp/wechat/component/release-test";
import type { ComponentPlatform } from "@wxmp/wechat/component/platform";
import { silentLogger, type Logger } from "@wxmp/wechat/types";
import { composeMessageHandler } from "@wxmp/wechat/webhook/middleware";
import type { WebhookOptions } from "@wxmp/wechat/webhook/options";
import { textOutput, type MessageHandler, type Webhook } from "@wxmp/wechat/webhook/types";
import { createWebhook } from "@wxmp/wechat/webhook/webhook";

const RELEASE_TEST_APP_IDS = new Set(RELEASE_TEST_ACCOUNTS.map((a) => a.appId));

/** One of WeChat's fixed 全网发布 test accounts: served with the release test cases only. */
export const isReleaseTestAccount = (appId: string): boolean => RELEASE_TEST_APP_IDS.has(appId);

export interface ComponentWebhookDeps {
  platform: Pick<ComponentPlatform, "webhookIdentity" | "completeAuthorization" | "authorizerClient" | "authorizers" | "componentAppId">;
  /** The authorized account's AppID. */
  appId: string;
  /** The account's chain (recorders and bot); the release test test accounts use none. */
  onMessage: MessageHandler;
  /** Everything else createWebhook takes (stores, deadline, late delivery, logger). */
  webhook?: Omit<WebhookOptions, "token" | "appId" | "cryptoAppId" | "encodingAESKey" | "previousEncodingAESKey" | "acceptPlaintext" | "onMessage">;
  logger?: Logger;
}

/** Nothing for a test account's other pushes: `success`. */
const answerNothing: MessageHandler = () => null;

export function createComponentWebhook(deps: ComponentWebhookDeps): Webhook {
  const { platform, appId } = deps;
  const logger = deps.logger ?? silentLogger;
  const testAccount = isReleaseTestAccount(appId);
  const inner = createWebhook({
    ...deps.webhook,
    ...platform.webhookIdentity(appId),
    onMessage: composeMessageHandler([releaseTestMiddleware(platform, { logger })], testAccount ? answerNothing : deps.onMessage),
    logger,
  });
  return {
    async handle(input, ctx) {
      if (!testAccount) {
        const record = await platform.authorizers.get(platform.componentAppId, appId);
        if (record?.status !== "authorized") {
          logger.warn("wechat platform: push for an account not authorized to the platform refused", { appId, status: record?.status ?? "unknown" });
          return textOutput(403, "account not authorized to this platform");
        }
      }
      return inner.handle(input, ctx);
    },
  };
}
