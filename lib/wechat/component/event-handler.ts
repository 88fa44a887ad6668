/**
 * The platform's 授权事件接收URL, framework-free like the account webhook: the same checks
 * before anything is read (webhook/open-push.ts — signature with the platform's Token, the
 * timestamp window, `msg_signature`, AES with the platform's EncodingAESKey and component_appid
 * sealed in the ciphertext, plaintext refused), then the event:
 *
 * - component_verify_ticket → kept in the ticket store (a replay or a late retry of an older
 *   push cannot replace a newer ticket);
 * - authorized / updateauthorized → api_query_auth in the background (WeChat gets `success` at
 *   once), stored and the account's first token seeded — skipped when a later change is stored;
 * - unauthorized → the account forgotten before answering: status, refresh token, cached tokens;
 * - anything else → nothing.
 *
 * `onEvent` then lets the app act (drop a withdrawn account's sessions). A step that fails
 * answers 503, so WeChat pushes again; a push replayed within the window changes nothing.
 *
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/authorize_event.html
 */
import { silentLogger, type Clock, type Logger } from "../types";
import type { EnvelopeConfig } from "../webhook/envelope";
import { openPush } from "../webhook/open-push";
import { textOutput, type WebhookCallContext, type WebhookInput, type WebhookOutput } from "../webhook/types";
import { describeFailure } from "./errors";
import { parseAuthorizationEvent, type AuthorizationEvent, type AuthorizedEvent } from "./events";
import type { ComponentPlatform } from "./platform";

type WaitUntil = (work: Promise<unknown>) => void;

export interface AuthorizationEventHandlerOptions {
  platform: Pick<ComponentPlatform, "componentAppId" | "messageIdentity" | "tickets" | "authorizers" | "completeAuthorization" | "forgetAuthorizer">;
  /** After the library's own handling of each event; a throw answers 503 (WeChat pushes again). */
  onEvent?: (event: AuthorizationEvent) => Promise<void> | void;
  /** Exchange the code of authorized/updateauthorized events in the background. Default true. */
  completeAuthorizations?: boolean;
  /** Default for `WebhookCallContext.waitUntil`; without either: fire-and-forget. */
  waitUntil?: WaitUntil;
  clock?: Clock;
  logger?: Logger;
  /** Default 300. */
  maxTimestampSkewSeconds?: number;
  /** Default 64 KiB: authorization events are small. */
  maxBodyBytes?: number;
  /** Default 5000. */
  bodyReadTimeoutMs?: number;
}

export interface AuthorizationEventHandler {
  handle(input: WebhookInput, ctx?: WebhookCallContext): Promise<WebhookOutput>;
}

/** The event's time in ms; a push without CreateTime counts from its arrival. */
const eventTime = (event: AuthorizationEvent, receivedAt: number): number => (event.createTime > 0 ? event.createTime * 1000 : receivedAt);

/** What the steps share, configured once. */
type Parts = {
  platform: AuthorizationEventHandlerOptions["platform"];
  completeAuthorizations: boolean;
  logger: Logger;
};

/** api_query_auth for an authorization, unless it (or a later change) is stored already. */
async function completeLater(parts: Parts, event: AuthorizedEvent, at: number): Promise<void> {
  const { platform, logger } = parts;
  const known = await platform.authorizers.get(platform.componentAppId, event.authorizerAppId);
  if (known && known.statusAt >= at && known.status === "authorized") return; // a replay, or the redirect got there first
  const outcome = await platform.completeAuthorization(event.authorizationCode, at);
  logger.info("wechat platform: authorization stored", { authorizerAppId: outcome.authorizerAppId, applied: outcome.applied, kind: event.kind });
}

/** The library's own handling of one event. */
async function apply(parts: Parts, event: AuthorizationEvent, receivedAt: number, waitUntil: WaitUntil): Promise<void> {
  const { platform, logger } = parts;
  const at = eventTime(event, receivedAt);
  switch (event.kind) {
    case "component_verify_ticket":
      await platform.tickets.save(platform.componentAppId, { ticket: event.ticket, createdAt: at, receivedAt });
      return;
    case "authorized":
    case "updateauthorized":
      if (parts.completeAuthorizations) {
        const work = completeLater(parts, event, at).catch((error: unknown) =>
          logger.error("wechat platform: authorization not completed", { authorizerAppId: event.authorizerAppId, reason: describeFailure(error) }),
        );
        waitUntil(work);
      }
      return;
    case "unauthorized":
      // CreateTime has whole seconds, while an authorization completed from the redirect is
      // stamped in milliseconds: a withdrawal in the same second must still win, so it counts
      // from the end of its second (dropping an account's tokens is the safe side of a tie).
      await platform.forgetAuthorizer(event.authorizerAppId, event.createTime > 0 ? at + 999 : at);
      logger.info("wechat platform: account withdrew its authorization", { authorizerAppId: event.authorizerAppId });
      return;
    default:
      logger.info("wechat platform: authorization event not handled", { infoType: event.infoType });
  }
}

export function createAuthorizationEventHandler(options: AuthorizationEventHandlerOptions): AuthorizationEventHandler {
  const { platform } = options;
  const { componentAppId } = platform;
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const parts: Parts = { platform, completeAuthorizations: options.completeAuthorizations ?? true, logger };
  const envelope: EnvelopeConfig = {
    token: platform.messageIdentity.token,
    appId: componentAppId,
    aesKeys: platform.messageIdentity.aesKeys,
    acceptPlaintext: false,
    maxSkewSeconds: options.maxTimestampSkewSeconds ?? 300,
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
    bodyReadMs: options.bodyReadTimeoutMs ?? 5000,
    clock,
    logger,
  };

  return {
    async handle(input, ctx) {
      if (input.method !== "POST") {
        const refusal = textOutput(405, "method not allowed");
        return { ...refusal, headers: { ...refusal.headers, allow: "POST" } };
      }
      const receivedAt = clock();
      const opened = await openPush(envelope, input);
      if ("status" in opened) return opened;
      // The envelope refuses plaintext (a key is configured): this only guards a future change there.
      if (!opened.aesKey) return textOutput(401, "authorization events must be encrypted");
      const event = parseAuthorizationEvent(opened.record);
      if (event.componentAppId !== componentAppId) {
        logger.warn("wechat platform: event for another platform", { appId: event.componentAppId });
        return textOutput(400, "event for another platform");
      }
      const waitUntil = ctx?.waitUntil ?? options.waitUntil ?? ((work: Promise<unknown>) => void work.catch(() => undefined));
      try {
        await apply(parts, event, receivedAt, waitUntil);
        await options.onEvent?.(event);
      } catch (error) {
        logger.error("wechat platform: authorization event failed; WeChat will push it again", { kind: event.kind, reason: describeFailure(error) });
        return textOutput(503, "try again later");
      }
      return textOutput(200, "success");
    },
  };
}
