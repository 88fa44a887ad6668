import "server-only";
import { randomBytes } from "node:crypto";
import { createSealer } from "../accounts/seal";
import { createPlatformService, PLATFORM_CONSOLE_PATH, PlatformOffError, type PlatformService } from "../console/platform/service";
import { clearStateCookie, readStateCookie } from "../console/platform/state-cookie";
import { logger, registerSecret } from "../logger";
import { createPrismaAuthorizerStore, type AuthorizerDirectory } from "../platform/prisma-authorizer-store";
import { createPrismaComponentTicketStore } from "../platform/prisma-ticket-store";
import { keepAuthorizedAccount, retireWithdrawnAccount, type AccountSyncDeps } from "../platform/account-sync";
import { getAuthorizerInfo } from "@wxmp/wechat/component/authorizer-api";
import { describeFailure } from "@wxmp/wechat/component/errors";
import { createAuthorizationEventHandler, type AuthorizationEventHandler } from "@wxmp/wechat/component/event-handler";
import type { AuthorizationEvent } from "@wxmp/wechat/component/events";
import { createComponentPlatform, type ComponentPlatform } from "@wxmp/wechat/component/platform";
import { getAccountRegistry } from "./accounts";
import { getDb } from "./db";
import { getEnv } from "./env";
import { credentialStore } from "./stores";
import { getApiHttp } from "./wechat";

/**
 * Third-party platform mode (开放平台 第三方平台, docs/open-platform.md): the platform from
 * WECHAT_COMPONENT_*, over the database — the ticket and the authorizers (refresh tokens sealed
 * with ACCOUNTS_KEY, else SESSION_PASSWORD), the component and authorizer tokens in the
 * credential table under the same central control as the access_token. Null when the mode is
 * off. No `next/*`: the fast entry may load it.
 */
type Platform = { platform: ComponentPlatform; authorizers: AuthorizerDirectory };
const globals = globalThis as unknown as {
  __componentPlatform?: Promise<Platform | null>;
  __componentEvents?: Promise<AuthorizationEventHandler>;
};

async function createPlatform(): Promise<Platform | null> {
  const env = getEnv();
  const settings = env.component;
  if (!settings) return null;
  for (const secret of [settings.componentAppSecret, settings.token, settings.encodingAESKey, settings.previousEncodingAESKey]) registerSecret(secret);
  const db = await getDb();
  const authorizers = createPrismaAuthorizerStore(db, createSealer(getEnv().accountsKey));
  const platform = createComponentPlatform({
    componentAppId: settings.componentAppId,
    componentAppSecret: settings.componentAppSecret,
    token: settings.token,
    encodingAESKey: settings.encodingAESKey,
    previousEncodingAESKey: settings.previousEncodingAESKey,
    tickets: createPrismaComponentTicketStore(db),
    authorizers,
    store: await credentialStore(),
    http: getApiHttp(),
    logger,
    authorizationPages: settings.authorizationPages,
  });
  return { platform, authorizers };
}

function loadPlatform(): Promise<Platform | null> {
  globals.__componentPlatform ??= createPlatform().catch((error: unknown) => {
    globals.__componentPlatform = undefined;
    throw error;
  });
  return globals.__componentPlatform;
}

/** The platform, or null when platform mode is off. */
export async function getComponentPlatform(): Promise<ComponentPlatform | null> {
  return (await loadPlatform())?.platform ?? null;
}

/** The platform; PlatformOffError (404) when the mode is off. */
export async function requireComponentPlatform(): Promise<ComponentPlatform> {
  const loaded = await loadPlatform();
  if (!loaded) throw new PlatformOffError();
  return loaded.platform;
}

/** How long the account's nickname is waited for before the AppID names it. */
const NAME_LOOKUP_MS = 1500;

/** The account records mirrored from authorizations (lib/platform/account-sync.ts). */
function accountSync(platform: ComponentPlatform): AccountSyncDeps {
  return {
    accounts: getAccountRegistry(),
    authorization: (appId) => platform.authorizers.get(platform.componentAppId, appId),
    // Bounded: an authorization event must still be answered within WeChat's 5 s.
    nameOf: (appId) =>
      Promise.race([
        getAuthorizerInfo(platform, appId).then(
          (info) => info.nickName || appId,
          (error: unknown) => {
            logger.warn("wechat platform: authorizer info not read", { appId, reason: describeFailure(error) });
            return appId;
          },
        ),
        new Promise<string>((resolve) => setTimeout(() => resolve(appId), NAME_LOOKUP_MS).unref()),
      ]),
    logger,
  };
}

/** After the library handled an event: the account's record created, reactivated or retired. */
async function mirrorEvent(platform: ComponentPlatform, event: AuthorizationEvent): Promise<void> {
  if (event.kind === "authorized" || event.kind === "updateauthorized") {
    await keepAuthorizedAccount(accountSync(platform), event.authorizerAppId, event.createTime > 0 ? event.createTime * 1000 : Date.now());
  } else if (event.kind === "unauthorized") {
    await retireWithdrawnAccount(accountSync(platform), event.authorizerAppId);
  }
}

/** The 授权事件接收URL's handler (POST /api/wechat/component). */
export function getAuthorizationEventHandler(): Promise<AuthorizationEventHandler> {
  globals.__componentEvents ??= requireComponentPlatform()
    .then((platform) =>
      createAuthorizationEventHandler({
        platform,
        logger,
        maxTimestampSkewSeconds: getEnv().timestampSkewSeconds,
        onEvent: (event) => mirrorEvent(platform, event),
      }),
    )
    .catch((error: unknown) => {
      globals.__componentEvents = undefined;
      throw error;
    });
  return globals.__componentEvents;
}

/** The console's 第三方平台 service. */
export async function getPlatformService(): Promise<PlatformService> {
  const loaded = await loadPlatform();
  if (!loaded) throw new PlatformOffError();
  const { platform, authorizers } = loaded;
  return createPlatformService({
    platform,
    listAuthorizers: () => authorizers.listAll(platform.componentAppId),
    appUrl: getEnv().appUrl,
    now: Date.now,
    newState: () => randomBytes(32).toString("hex"),
  });
}

/**
 * The authorization callback (`?state=…&auth_code=…`): the state checked against the browser's
 * cookie, api_query_auth, the account's record kept, then 303 back to the console's 账号 screen.
 */
export async function answerPlatformCallback(request: Request): Promise<Response> {
  const query = new URL(request.url).searchParams;
  const outcome = await (await getPlatformService()).completeAuthorization(
    { authCode: query.get("auth_code"), state: query.get("state") },
    readStateCookie(request.headers.get("cookie")),
  );
  if (outcome.applied) await keepAuthorizedAccount(accountSync(await requireComponentPlatform()), outcome.authorizerAppId, Date.now());
  const target = new URL(PLATFORM_CONSOLE_PATH, getEnv().appUrl);
  target.searchParams.set("authorized", outcome.authorizerAppId);
  const secure = target.protocol === "https:";
  return new Response(null, { status: 303, headers: { location: target.toString(), "set-cookie": clearStateCookie(secure), "cache-control": "no-store" } });
}
