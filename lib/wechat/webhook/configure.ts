/**
 * The webhook's parts, configured once from its options (webhook.ts composes them per
 * request): the envelope checks, the body bindings, exactly-once, the reply deadline, the
 * account handed to the bot, and the purge of expired records. Start-up errors (no token, a
 * malformed key) are thrown here, never on the first push.
 */
import { parseEncodingAESKey } from "../crypto";
import { WeChatConfigError } from "../errors";
import { defaultRandomBytes } from "../random-string";
import { silentLogger, type Clock, type Logger, type RandomBytes } from "../types";
import { createMemoryBodyBindingStore, type BindingConfig } from "./body-binding";
import { createMemoryDedupStore } from "./dedup";
import type { EnvelopeConfig } from "./envelope";
import { boundedStore, type ExactlyOnceConfig } from "./exactly-once";
import type { LateReplyConfig } from "./late-reply";
import type { WebhookOptions } from "./options";
import { describeThrown, type WebhookAccount } from "./types";

const MIN_TTL_MS = 5 * 60_000;
const PURGE_EVERY_MS = 60_000;
export type WaitUntil = (work: Promise<unknown>) => void;

/** The webhook's parts, configured once from the options. */
export type Parts = {
  account: WebhookAccount;
  envelope: EnvelopeConfig;
  binding: BindingConfig;
  exactlyOnce: ExactlyOnceConfig;
  late: LateReplyConfig;
  deadlineMs: number;
  random: RandomBytes;
  purge: (waitUntil: WaitUntil) => void;
};

export function configure(options: WebhookOptions): Parts {
  if (!options.token) throw new WeChatConfigError("webhook: token is required");
  if (!options.appId) throw new WeChatConfigError("webhook: appId is required");
  const aesKeys = [options.encodingAESKey, options.previousEncodingAESKey].filter((k): k is string => !!k);
  aesKeys.forEach(parseEncodingAESKey); // fail at start-up, not on the first push
  // A platform's pushes for an authorized account are always encrypted: without a key nothing could open them.
  if (options.cryptoAppId !== undefined && (!options.cryptoAppId || !options.encodingAESKey || options.acceptPlaintext)) {
    throw new WeChatConfigError("webhook: cryptoAppId needs a non-empty value and encodingAESKey, and excludes acceptPlaintext");
  }
  const deadlineMs = options.replyDeadlineMs ?? 4500;
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const maxSkewSeconds = options.maxTimestampSkewSeconds ?? 300;
  // A database that accepts connections but never answers must not hold the reply past the
  // deadline: every store call gets a bounded time, after which the webhook degrades.
  const storeMs = Math.min(1000, Math.floor(deadlineMs / 3));
  const store = boundedStore(options.dedup ?? createMemoryDedupStore(), storeMs, "dedup store");
  const bindings = boundedStore(options.bodyBindings ?? createMemoryBodyBindingStore(), storeMs, "body-binding store");
  const { token, appId } = options;
  return {
    account: Object.freeze({ appId }),
    envelope: {
      token,
      appId: options.cryptoAppId ?? appId,
      aesKeys,
      acceptPlaintext: options.acceptPlaintext ?? false,
      maxSkewSeconds,
      maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
      bodyReadMs: options.bodyReadTimeoutMs ?? 5000,
      clock,
      logger,
    },
    // A binding must outlive the window in which the captured query is still accepted.
    binding: { store: bindings, ttlMs: 2 * maxSkewSeconds * 1000 + 60_000, clock, logger },
    exactlyOnce: {
      store,
      clock,
      leaseMs: deadlineMs + 1000, // a retry may take over once the owner would have answered if alive
      ttlMs: Math.max(options.dedupTtlMs ?? MIN_TTL_MS, MIN_TTL_MS),
      pollMs: options.pollIntervalMs ?? 75,
      sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
      logger,
    },
    late: { onMessage: options.onMessage, store, deliverLate: options.deliverLate, clock, logger },
    deadlineMs,
    random: options.randomBytes ?? defaultRandomBytes,
    purge: purgeEveryMinute([store, bindings], clock, logger),
  };
}

/** Bounded storage: expired records go, at most once a minute per process. */
function purgeEveryMinute(stores: Array<{ purgeExpired(now: number): Promise<number> }>, clock: Clock, logger: Logger) {
  let lastPurge = Number.NEGATIVE_INFINITY;
  return (waitUntil: WaitUntil): void => {
    const now = clock();
    if (now - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = now;
    for (const store of stores) {
      const purged = Promise.resolve().then(() => store.purgeExpired(now));
      waitUntil(purged.catch((error: unknown) => logger.warn("wechat webhook: purge failed", { reason: describeThrown(error) })));
    }
  };
}
