/**
 * A third-party platform (开放平台 第三方平台, 代公众号实现业务), composed from its parts: the
 * ticket kept (ticket-store.ts), the component_access_token's central control
 * (component-token.ts), the authorization of an account (authorization-api.ts,
 * authorization-url.ts), each authorized account as a WeChatClient (authorizer-client.ts), and
 * the crypto identity its pushes use. One per platform per process; the app's composition root
 * builds it from the platform's settings and its database stores.
 *
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/getting_started/terminology_introduce.html
 */
import type { WeChatClient } from "../client";
import { parseEncodingAESKey } from "../crypto";
import { WeChatConfigError } from "../errors";
import type { HttpOptions } from "../http";
import { seedCredential } from "../token/seed";
import { sharedCacheOptions, type CredentialCacheSettings } from "../token/settings";
import type { CredentialStore } from "../token/store";
import { silentLogger } from "../types";
import { createPreAuthCode, queryAuth } from "./authorization-api";
import { buildAuthorizationUrl, type AuthorizationDevice, type AuthorizationUrlInput } from "./authorization-url";
import { startPushTicket } from "./authorizer-api";
import { AUTHORIZER_KINDS, createAuthorizerClient } from "./authorizer-client";
import type { AuthorizerStore } from "./authorizer-store";
import { describeFailure } from "./errors";
import { componentCaller, createComponentCredentials, type ComponentCaller, type ComponentCredentials } from "./component-token";
import type { ComponentTicketStore } from "./ticket-store";

export interface ComponentPlatformOptions extends CredentialCacheSettings {
  componentAppId: string;
  /** A secret: never log it. */
  componentAppSecret: string;
  /** The platform's message Token: authorization events and every authorized account's pushes are signed with it. */
  token: string;
  /** The platform's EncodingAESKey (43 characters): those pushes are encrypted with it. */
  encodingAESKey: string;
  /** The key before the last rotation, tried when the current one fails. */
  previousEncodingAESKey?: string;
  tickets: ComponentTicketStore;
  authorizers: AuthorizerStore;
  /** The accounts' credential store: the component and authorizer tokens are rows of it too. */
  store: CredentialStore;
  http: HttpOptions;
  /** The authorization pages to link to instead of WeChat's (the simulator). */
  authorizationPages?: Partial<Record<AuthorizationDevice, string>>;
}

/** What an authorization left: no token in it. */
export interface AuthorizationOutcome {
  authorizerAppId: string;
  funcInfo: number[];
  hasRefreshToken: boolean;
  /** False when a withdrawal dated after it was stored already (a stale code): nothing was saved. */
  applied: boolean;
}

/** What `createWebhook` needs for an authorized account's pushes (spread it into the options). */
export interface AuthorizerWebhookIdentity {
  appId: string;
  cryptoAppId: string;
  token: string;
  encodingAESKey: string;
  previousEncodingAESKey?: string;
}

export interface ComponentPlatform extends ComponentCaller {
  readonly http: HttpOptions;
  /** The component_access_token's central control (health, forced refresh, cron). */
  readonly credentials: ComponentCredentials;
  readonly tickets: ComponentTicketStore;
  readonly authorizers: AuthorizerStore;
  /** Token, keys and component appid of the platform's own pushes (the authorization events). */
  readonly messageIdentity: { token: string; aesKeys: string[] };
  /** A fresh pre_auth_code in an authorization link (PC QR-code page by default). */
  createAuthorizationUrl(input: Omit<AuthorizationUrlInput, "componentAppId" | "preAuthCode" | "pages">): Promise<string>;
  /**
   * api_query_auth with the redirect's `auth_code` (or the event's AuthorizationCode): stores
   * the authorization (refresh token, func_info) and seeds the central control with the
   * account's first access_token. `at`: when it happened (default now).
   */
  completeAuthorization(authorizationCode: string, at?: number): Promise<AuthorizationOutcome>;
  /** The account as a client every API group takes. */
  authorizerClient(authorizerAppId: string): WeChatClient;
  /**
   * The account withdrew (`at`: the event's time): marked unauthorized, its refresh token and
   * cached tokens dropped, so nothing answers for it afterwards. False when it authorized again after `at`.
   */
  forgetAuthorizer(authorizerAppId: string, at: number): Promise<boolean>;
  webhookIdentity(authorizerAppId: string): AuthorizerWebhookIdentity;
  /** api_start_push_ticket: asks WeChat to start pushing component_verify_ticket now. */
  startPushTicket(): Promise<void>;
}

export function createComponentPlatform(options: ComponentPlatformOptions): ComponentPlatform {
  const { componentAppId, componentAppSecret, token, http, store, tickets, authorizers } = options;
  if (!token) throw new WeChatConfigError("the platform's message Token is required");
  const aesKeys = [options.encodingAESKey, options.previousEncodingAESKey].filter((k): k is string => !!k);
  if (!options.encodingAESKey) throw new WeChatConfigError("the platform's EncodingAESKey is required (its pushes are always encrypted)");
  aesKeys.forEach(parseEncodingAESKey); // fail at start-up, not on the first push
  const logger = options.logger ?? http.logger ?? silentLogger;
  const shared = sharedCacheOptions({ appId: componentAppId, store, http }, options, logger, [componentAppSecret]);
  const credentials = createComponentCredentials({ ...options, owner: shared.owner, logger });
  const caller = componentCaller(credentials, http);
  const clients = new Map<string, WeChatClient>();

  return {
    componentAppId,
    call: caller.call,
    http,
    credentials,
    tickets,
    authorizers,
    messageIdentity: { token, aesKeys },
    async createAuthorizationUrl(input) {
      const { preAuthCode } = await createPreAuthCode(caller);
      return buildAuthorizationUrl({ ...input, componentAppId, preAuthCode, pages: options.authorizationPages });
    },
    async completeAuthorization(authorizationCode, at = shared.clock()) {
      const startedAt = shared.clock();
      const auth = await queryAuth(caller, authorizationCode);
      const { authorizerAppId, funcInfo } = auth;
      const refreshToken = auth.refreshToken ?? null;
      const applied = await authorizers.saveAuthorization({ componentAppId, authorizerAppId, refreshToken, funcInfo, at });
      if (applied) {
        const seed = { appId: authorizerAppId, kind: "authorizer_access_token" as const, value: auth.accessToken, expiresInSec: auth.expiresIn };
        await seedCredential(store, { ...seed, startedAt, now: shared.clock(), owner: shared.owner, leaseMs: shared.leaseMs, safetyMarginMs: shared.safetyMarginMs }).catch(
          (error: unknown) => logger.warn("wechat authorizer token not seeded", { authorizerAppId, reason: describeFailure(error) }),
        );
      }
      return { authorizerAppId, funcInfo, hasRefreshToken: refreshToken !== null, applied };
    },
    authorizerClient(authorizerAppId) {
      let client = clients.get(authorizerAppId);
      if (!client) {
        client = createAuthorizerClient({ platform: caller, authorizers, shared: { ...shared, appId: authorizerAppId }, http });
        clients.set(authorizerAppId, client);
      }
      return client;
    },
    async forgetAuthorizer(authorizerAppId, at) {
      const applied = await authorizers.markUnauthorized(componentAppId, authorizerAppId, at);
      if (applied) {
        await store.forget(authorizerAppId, AUTHORIZER_KINDS);
        clients.delete(authorizerAppId);
      }
      return applied;
    },
    webhookIdentity(authorizerAppId) {
      const previous = options.previousEncodingAESKey ? { previousEncodingAESKey: options.previousEncodingAESKey } : {};
      return { appId: authorizerAppId, cryptoAppId: componentAppId, token, encodingAESKey: options.encodingAESKey, ...previous };
    },
    startPushTicket: () => startPushTicket(http, { componentAppId, componentAppSecret }),
  };
}
