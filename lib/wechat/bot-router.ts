import type { EventName, InboundEvent, InboundMessage, UnknownMessage, UserMessage, UserMessageType } from "./message";
import type { Reply } from "./reply";
import type { MessageContext } from "./webhook/types";

/** `null`/`undefined` means "nothing to say": the webhook answers `success`. */
export type BotResult = Reply | null | undefined;

export type BotHandler<M, Ctx> = (msg: M, ctx: Ctx) => BotResult | Promise<BotResult>;

export type BotRoutes<Ctx = MessageContext> = {
  [T in UserMessageType]?: BotHandler<Extract<UserMessage, { type: T }>, Ctx>;
} & {
  event?: { [E in EventName]?: BotHandler<Extract<InboundEvent, { event: E }>, Ctx> };
  /** Pushes of a MsgType/Event this toolkit does not model. Falls through to `fallback` when absent. */
  unknown?: BotHandler<UnknownMessage, Ctx>;
  /** Anything no other handler took. */
  fallback?: BotHandler<InboundMessage, Ctx>;
};

export type BotRouter<Ctx = MessageContext> = (msg: InboundMessage, ctx: Ctx) => Promise<Reply | null>;

type AnyHandler<Ctx> = BotHandler<InboundMessage, Ctx> | undefined;

/**
 * Dispatches a parsed push to the handler for its type (or its event), with
 * the message narrowed to that variant and the webhook's context (`ctx`, by default
 * the {@link MessageContext}) passed along:
 *
 * ```ts
 * const bot = createBotRouter({
 *   text: (msg) => text(`Hello ${msg.content}`),
 *   event: { subscribe: () => text("欢迎关注") },
 * });
 * ```
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */
export function createBotRouter<Ctx = MessageContext>(routes: BotRoutes<Ctx>): BotRouter<Ctx> {
  return async (msg, ctx) => {
    // The routes' keys are exactly the variants' discriminants, so the looked-up
    // handler always receives the variant it was typed for.
    let handler: AnyHandler<Ctx>;
    if (msg.type === "event") handler = routes.event?.[msg.event] as AnyHandler<Ctx>;
    else if (msg.type === "unknown") handler = routes.unknown as AnyHandler<Ctx>;
    else handler = routes[msg.type] as AnyHandler<Ctx>;
    handler ??= routes.fallback;
    if (!handler) return null;
    return (await handler(msg, ctx)) ?? null;
  };
}
