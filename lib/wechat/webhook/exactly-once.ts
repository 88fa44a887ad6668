/**
 * Exactly-once over a dedup store: the first delivery of a push runs the bot, a retry gets
 * the first delivery's answer. A store that is down or slow degrades to "answer anyway,
 * without exactly-once" rather than silencing the bot.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */
import { withTimeout, type Deadline } from "../timeout";
import type { Clock, Logger } from "../types";
import { claimOrWait, type ClaimOutcome, type DedupStore } from "./dedup";
import { describeThrown } from "./types";

/** Each call of `store` rejects after `ms` when it has not answered (the call itself goes on). */
export function boundedStore<S extends object>(store: S, ms: number, name: string): S {
  const message = `${name} did not answer within ${ms} ms`;
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => withTimeout(Promise.resolve(value.apply(target, args)), ms, message);
    },
  });
}

export type ExactlyOnceConfig = {
  store: DedupStore;
  clock: Clock;
  leaseMs: number;
  ttlMs: number;
  pollMs: number;
  sleep: (ms: number) => Promise<void>;
  logger: Logger;
};

/** Runs the bot for the owner of a push; `claimed` is false when the store is unavailable (nothing to record on). */
export type RunOwner = (claimed: boolean) => Promise<string | null>;

/**
 * The reply XML for the push with dedup key `key` (null = `success`): `runOwner` once per
 * push across deliveries, the stored answer for a retry, `success` for a retry whose first
 * delivery deferred or is still running at our deadline.
 */
export async function replyOnce(config: ExactlyOnceConfig, key: string, deadline: Deadline, runOwner: RunOwner): Promise<string | null> {
  let outcome: ClaimOutcome;
  try {
    outcome = await claimOrWait(config.store, key, { now: config.clock, deadline, ...config });
  } catch (error) {
    config.logger.warn("wechat webhook: dedup store failed; handling without dedup", { reason: describeThrown(error) });
    return runOwner(false);
  }
  if (outcome.kind === "owner") return runOwner(true);
  return outcome.kind === "done" ? outcome.reply : null;
}
