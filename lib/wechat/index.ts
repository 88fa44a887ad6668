/**
 * The library's public surface, for reuse in your own Next.js (or any Node) app. Everything
 * here is framework-free: no Next.js, no Prisma; dependencies (fetch, clock, stores, logger)
 * are injected. See README, "Use the library in your own app".
 */

// The webhook: server-URL check, signatures, safe mode, exactly-once, reply deadline.
export { createWebhook, type WebhookOptions } from "./webhook/webhook";
export type {
  HandlerResult,
  MessageContext,
  MessageHandler,
  Webhook,
  WebhookAccount,
  WebhookCallContext,
  WebhookInput,
  WebhookOutput,
} from "./webhook/types";
export {
  composeMessageHandler,
  messageMiddleware,
  recorder,
  type MessageKind,
  type MessageMiddleware,
  type MessageOfKind,
  type Next,
} from "./webhook/middleware";
export { handleWebRequest, toResponse, toWebhookInput } from "./webhook/web-adapter";
export { createMemoryDedupStore, type DedupRecord, type DedupStore, type LateOutcome } from "./webhook/dedup";
export { createMemoryBodyBindingStore, type BodyBindingStore } from "./webhook/body-binding";

// Messages in, replies out, and a router for writing a bot.
export * from "./message";
export * from "./reply";
export { createBotRouter, type BotHandler, type BotResult, type BotRouter, type BotRoutes } from "./bot-router";

// The API client (access_token central control) and the API groups.
export { createWeChatClient, type WeChatClient, type WeChatClientOptions } from "./client";
export { createWeChatClientOver } from "./client";
export type { WeChatApiCaller } from "./api-client";
export { requestWeChat, type ApiRequest, type HttpOptions } from "./http";
export { createMemoryCredentialStore, type CredentialKind, type CredentialStore, type StoredCredential } from "./token/store";
export type { CredentialManager, CredentialsHealth } from "./token/manager";
export type { CredentialMode } from "./token/manager";
export type { CredentialHealth } from "./token/cache";

// Every API group, one module each (lib/wechat/api/), with its types and checks: a function
// added to a group's module is exported here with no edit.
export * from "./api/blacklist";
export * from "./api/custom-message";
export * from "./api/datacube";
export * from "./api/drafts";
export * from "./api/kf-accounts";
export * from "./api/kf-sessions";
export * from "./api/mass";
export * from "./api/material";
export * from "./api/media";
export * from "./api/menu";
export * from "./api/operations";
export * from "./api/publish";
export * from "./api/qrcode";
export * from "./api/subscribe-notifications";
export * from "./api/tags";
export * from "./api/templates";
export * from "./api/users";
export type * from "./api/datacube-types";
export type * from "./api/drafts-types";
export * from "./api/drafts-validation";
export * from "./api/kf-validation";
export type * from "./api/mass-types";
export * from "./api/mass-validation";
export * from "./api/subscribe-rules";
export * from "./api/tags-validation";
export * from "./api/menu-types";
export * from "./api/template-rules";
// Two names two modules share, settled: the draft box's article (material's older shape is
// MaterialNewsArticle) and the publish status (the same union in both).
export type { NewsArticle, PublishStatus } from "./api/drafts-types";
export type { NewsArticle as MaterialNewsArticle } from "./api/material";

// Web authorization (OAuth2) and the JS-SDK.
export {
  checkUserAccessToken,
  createAuthorizationUrl,
  exchangeCodeForToken,
  getSnsUserInfo,
  refreshUserAccessToken,
  type SnsUserInfo,
  type UserAccessToken,
} from "./oauth";
export type { OAuthComponent, OAuthCredentials } from "./oauth";
export {
  createPendingAuthorization,
  isOAuthScope,
  verifyPendingAuthorization,
  type OAuthScope,
  type PendingAuthorization,
} from "./oauth-state";
export { resolveReturnTo } from "./return-to";
export { buildJsSdkConfig, signJsSdk, type JsSdkConfig, type JsSdkConfigResult } from "./jssdk";

// The third-party platform (开放平台 第三方平台, 代公众号实现业务): see docs/open-platform.md.
export { createComponentPlatform, type AuthorizationOutcome, type AuthorizerWebhookIdentity, type ComponentPlatform, type ComponentPlatformOptions } from "./component/platform";
export { createAuthorizationEventHandler, type AuthorizationEventHandler, type AuthorizationEventHandlerOptions } from "./component/event-handler";
export { parseAuthorizationEvent, type AuthorizationEvent, type AuthorizedEvent, type ComponentVerifyTicketEvent, type UnauthorizedEvent, type UnknownAuthorizationEvent } from "./component/events";
export { COMPONENT_TICKET_TTL_MS, createMemoryComponentTicketStore, isTicketFresh, type ComponentTicket, type ComponentTicketStore } from "./component/ticket-store";
export { createMemoryAuthorizerStore, type AuthorizationInput, type AuthorizationStatus, type AuthorizerRecord, type AuthorizerStore } from "./component/authorizer-store";
export { createComponentCredentials, fetchComponentAccessToken, type ComponentCaller, type ComponentCredentials, type ComponentCredentialsOptions } from "./component/component-token";
export { createPreAuthCode, queryAuth, refreshAuthorizerToken, type Authorization, type AuthorizerToken, type PreAuthCode } from "./component/authorization-api";
export { getAuthorizerInfo, getAuthorizerList, startPushTicket, type AuthorizerInfo, type AuthorizerListEntry, type AuthorizerPage } from "./component/authorizer-api";
export { AUTHORIZATION_PAGES, buildAuthorizationUrl, type AuthorizationDevice, type AuthorizationUrlInput } from "./component/authorization-url";
export { AUTHORIZER_KINDS } from "./component/authorizer-client";
export { recoverRefreshToken } from "./component/authorizer-token";
export { releaseTestMiddleware, RELEASE_TEST_ACCOUNTS, type ReleaseTestPlatform } from "./component/release-test";
export { AuthorizationRequiredError, ComponentTicketMissingError, type AuthorizationProblem, type TicketProblem } from "./component/errors";

// Protocol primitives and errors.
export { computeSignature, verifyMessageSignature, verifySignature } from "./signature";
export { decryptMessage, encryptMessage } from "./crypto";
export { WeChatApiError, WeChatConfigError, WeChatCryptoError, WeChatHttpError, WeChatTimeoutError } from "./errors";
export type { Clock, FetchLike, Logger, RandomBytes } from "./types";
