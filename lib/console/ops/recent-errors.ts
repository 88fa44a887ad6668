import "server-only";
import { createRecentErrors, opsErrorFromText, type OpsError } from "./errors";
import { WeChatApiError } from "@wxmp/wechat/errors";
import type { HandlerResult, MessageHandler } from "@wxmp/wechat/webhook/types";

/** An entry of the ring: the error and the account whose call met it (null: not known, the env's account's). */
type AccountError = OpsError & { appId: string | null };

// One ring per process, kept on globalThis so that dev-mode module reloading keeps it.
const holder = globalThis as unknown as { __wechatRecentErrors?: ReturnType<typeof createRecentErrors<AccountError>> };
const ring = (): ReturnType<typeof createRecentErrors<AccountError>> => (holder.__wechatRecentErrors ??= createRecentErrors<AccountError>(RING_SIZE));
/** Several accounts share the ring: room for each to keep its last few. */
const RING_SIZE = 100;
const LISTED = 20;

/** The account each error in flight was met for (set where the account is known: the admin route). */
const accountOfError = new WeakMap<object, string>();

/**
 * Says which account's call met `error`, before it is mapped to a response (and listed by
 * noteWeChatError): several accounts in one deployment, the operations screen and the 概览 of
 * account B must not show A's errors.
 */
export function attributeError(error: unknown, appId: string): void {
  if (typeof error === "object" && error !== null && !accountOfError.has(error)) accountOfError.set(error, appId);
}

/**
 * Lists a WeChat error met off a route's answer — a webhook's late reply, a bot's call — as
 * account `appId`'s (undefined: the env's account's); other errors are ignored.
 */
export function noteAccountWeChatError(error: unknown, context: string, appId: string | undefined): void {
  if (appId !== undefined) attributeError(error, appId);
  noteWeChatError(error, context);
}

/**
 * `handler` with the WeChat errors it throws (or its promise rejects with) listed as account
 * `appId`'s under `context`, then thrown on unchanged; a synchronous answer stays synchronous.
 */
export function notingWeChatErrors(handler: MessageHandler, context: string, appId: string | undefined): MessageHandler {
  const note = (error: unknown): never => {
    noteAccountWeChatError(error, context, appId);
    throw error;
  };
  return (msg, ctx) => {
    let result: HandlerResult | Promise<HandlerResult>;
    try {
      result = handler(msg, ctx);
    } catch (error) {
      return note(error);
    }
    return result instanceof Promise ? result.catch(note) : result;
  };
}

/** Remembers a WeChat error a route met (for the operations screen); other errors are ignored. */
export function noteWeChatError(error: unknown, context: string): void {
  if (!(error instanceof WeChatApiError)) return;
  ring().record({ ...opsErrorFromText(context, error.message, Date.now()), appId: accountOfError.get(error) ?? null });
}

/**
 * The WeChat errors this process's routes met recently for account `appId`, oldest first.
 * `withUnattributed`: also those met where no account was named (the env's account's calls).
 */
export function recentWeChatErrors(appId: string, o: { withUnattributed: boolean }): OpsError[] {
  return ring()
    .list()
    .filter((e) => e.appId === appId || (e.appId === null && o.withUnattributed))
    .slice(-LISTED)
    .map(({ appId: _appId, ...entry }) => entry);
}
