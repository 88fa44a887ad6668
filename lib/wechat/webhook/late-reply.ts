/**
 * The reply deadline. WeChat waits 5 s for an answer; a bot not done by our deadline gets
 * `success` answered for it, and its reply, once ready, goes out as a customer-service
 * message (`deliverLate`). The outcome is recorded on the push's dedup record.
 *
 * Only the owner of an authenticated push ever gets here: refusals end before the bot runs.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 */
import type { InboundMessage } from "../message";
import { buildReplyXml, type Reply } from "../reply";
import { TIMED_OUT, type Deadline } from "../timeout";
import type { Clock, Logger } from "../types";
import type { DedupStore } from "./dedup";
import { describeThrown, type HandlerResult, type MessageContext, type MessageHandler } from "./types";

export type LateReplyConfig = {
  onMessage: MessageHandler;
  store: DedupStore;
  /** Sends a reply that missed the deadline; throws when it could not. */
  deliverLate?: (msg: InboundMessage, reply: Reply) => Promise<void>;
  clock: Clock;
  logger: Logger;
};

/** The handler's answer as a promise; a synchronous throw becomes a rejection. */
function startHandler(onMessage: MessageHandler, msg: InboundMessage, ctx: MessageContext): Promise<HandlerResult> {
  try {
    return Promise.resolve(onMessage(msg, ctx)); // an async handler's own promise: none made here
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Runs the bot within the deadline; returns the plaintext reply XML, or null (`success`).
 * The outcome is recorded on the push's dedup record when this delivery `claimed` it.
 */
export async function runWithinDeadline(
  config: LateReplyConfig,
  msg: InboundMessage,
  ctx: MessageContext,
  claimed: boolean,
  deadline: Deadline,
  waitUntil: (work: Promise<unknown>) => void,
): Promise<string | null> {
  const { store, logger } = config;
  const key = claimed ? ctx.dedupKey : null;
  const warn = (message: string) => (error: unknown) => logger.warn(message, { reason: describeThrown(error) });
  const task = startHandler(config.onMessage, msg, ctx);
  const settled = task.then(
    (reply) => ({ reply }),
    (error: unknown) => ({ error }),
  );
  const outcome = await Promise.race([settled, deadline]);
  if (outcome === TIMED_OUT) {
    if (key !== null) await store.defer(key).catch(warn("wechat webhook: dedup defer failed"));
    logger.warn("wechat webhook: handler missed the reply deadline; answering success", { type: msg.type });
    waitUntil(task.then((reply) => deliverLateReply(config, msg, key, reply)).catch(failed(logger)));
    return null;
  }
  let xml: string | null = null;
  try {
    if ("error" in outcome) throw outcome.error;
    // Swapped: we answer the user (FromUserName) from our account (ToUserName).
    const context = { to: msg.fromUserName, from: msg.toUserName, now: config.clock };
    if (outcome.reply) xml = buildReplyXml(outcome.reply, context);
  } catch (error) {
    failed(logger, "wechat webhook: handler failed; answering success")(error);
  }
  if (key !== null) await store.complete(key, xml).catch(warn("wechat webhook: dedup complete failed"));
  return xml;
}

const failed =
  (logger: Logger, message = "wechat webhook: late reply failed") =>
  (error: unknown) =>
    logger.error(message, { reason: describeThrown(error) });

/** Sends a late reply once and records what became of it (an audit trail, never a resend). */
async function deliverLateReply(
  config: LateReplyConfig,
  msg: InboundMessage,
  key: string | null,
  reply: HandlerResult,
): Promise<void> {
  if (!reply) return;
  if (!config.deliverLate) {
    config.logger.warn("wechat webhook: late reply dropped (no deliverLate configured)");
    return;
  }
  let outcome: { sentAt: number } | { error: string };
  try {
    await config.deliverLate(msg, reply);
    outcome = { sentAt: config.clock() };
  } catch (error) {
    failed(config.logger)(error);
    outcome = { error: describeThrown(error instanceof Error ? error.message : error).slice(0, 500) };
  }
  if (key === null) return;
  await config.store.recordLate(key, outcome).catch((error: unknown) => {
    config.logger.warn("wechat webhook: late reply outcome not recorded", { reason: describeThrown(error) });
  });
}
