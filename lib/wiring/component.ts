import "server-only";
import { randomBytes } from "node:crypto";
import { createSealer } from "../accounts/seal";
import { createPlatformService, PLATFORM_CONSOLE_PATH, PlatformOffError, type PlatformService } from "../console/platform/service";
import { clearStateCookie, readStateCookie } from "../console/platform/state-cookie";
import { logger, registerSecret } from "../logger";
import { createPrismaAuthorizerStore, type AuthorizerDirectory } from "../platform/prisma-authorizer-store";
import { createPrismaComponentTicketStore } from "../platform/prisma-ticket-store";
import { createAuthorizationEventHandler, type AuthorizationEventHandler } from "@wxmp/wechat/component/event-handler";
import type { AuthorizationEvent } from "@wxmp/wechat/component/events";
import { createComponentPlatform, type ComponentPlatform } from "@wxmp/wechat/component/platform";
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
  __componentEventListeners?: Array<(event: AuthorizationEvent) => Promise<void> | void>;
  __componentAuthorizedListeners?: Array<(authorizerAppId: string) => Promise<void> | void>;
};

/** The key secrets at rest are sealed with: ACCOUNTS_KEY when set, else SESSION_PASSWORD. */
export function accountsKeyMaterial(): string {
  const env = getEnv() as ReturnType<typeof getEnv> & { accountsKey?: string };
  return env.accountsKey ?? env.sessionPassword;
}

async function createPlatform(): Promise<Platform | null> {
  const env = getEnv();
  const settings = env.component;
  if (!settings) return null;
  for (const secret of [settings.componentAppSecret, settings.token, settings.encodingAESKey, settings.previousEncodingAESKey]) registerSecret(secret);
  const db = await getDb();
  const authorizers = createPrismaAuthorizerStore(db, createSealer(accountsKeyMaterial()));
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

/**
 * Lets the rest of the app act on authorization events after the library handled them (the
 * account's record created or retired, its sessions dropped). A throw answers 503: WeChat pushes again.
 */
export function onAuthorizationEvent(listener: (event: AuthorizationEvent) => Promise<void> | void): void {
  (globals.__componentEventListeners ??= []).push(listener);
}

/** The 授权事件接收URL's handler (POST /api/wechat/component). */
export function getAuthorizationEventHandler(): Promise<AuthorizationEventHandler> {
  globals.__componentEvents ??= requireComponentPlatform()
    .then((platform) =>
      createAuthorizationEventHandler({
        platform,
        logger,
        maxTimestampSkewSeconds: getEnv().timestampSkewSeconds,
        async onEvent(event) {
          for (const listener of globals.__componentEventListeners ?? []) await listener(event);
        },
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
  for (const listener of globals.__componentAuthorizedListeners ?? []) await listener(outcome.authorizerAppId);
  const target = new URL(PLATFORM_CONSOLE_PATH, getEnv().appUrl);
  target.searchParams.set("authorized", outcome.authorizerAppId);
  const secure = target.protocol === "https:";
  return new Response(null, { status: 303, headers: { location: target.toString(), "set-cookie": clearStateCookie(secure), "cache-control": "no-store" } });
}

/** Lets the accounts registry keep a record of an account authorized through the callback. */
export function onAccountAuthorized(listener: (authorizerAppId: string) => Promise<void> | void): void {
  (globals.__componentAuthorizedListeners ??= []).push(listener);
}
