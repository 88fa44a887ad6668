/**
 * The whole `/api/wechat` behaviour — server-URL check, signatures, safe-mode crypto,
 * exactly-once handling of retries, reply deadline — composed from its parts:
 * envelope.ts (who may push, what it says), body-binding.ts (plaintext replays),
 * exactly-once.ts (retries), late-reply.ts (the deadline). Framework-free: servers adapt
 * their request to `WebhookInput` (web-adapter.ts does it for Web Request/Response).
 *
 * Refusals: missing parameters, malformed XML or an encrypted push without a configured
 * key → 400; bad signature, stale timestamp, a plaintext push while a key is configured, a
 * replayed query with another body, or a push that does not decrypt to our appid → 401;
 * body over the limit → 413; a body still arriving after the read deadline → 408; a method
 * other than GET/POST → 405.
 */
import { parseEncodingAESKey } from "../crypto";
import { WeChatConfigError } from "../errors";
import { parseMessageRecord, type InboundMessage } from "../message";
import { defaultRandomBytes, randomAlphanumeric } from "../random-string";
import { buildEncryptedReplyXml } from "../reply";
import { startDeadline, TIMED_OUT } from "../timeout";
import { silentLogger, type Clock, type Logger, type RandomBytes } from "../types";
import { parseXml } from "../xml";
import { checkBodyBinding, createMemoryBodyBindingStore, type BindingConfig } from "./body-binding";
import { createMemoryDedupStore } from "./dedup";
import { authenticate, openEnvelope, refuseDowngrade, type EnvelopeConfig } from "./envelope";
import { boundedStore, replyOnce, type ExactlyOnceConfig } from "./exactly-once";
import { runWithinDeadline, type LateReplyConfig } from "./late-reply";
import type { WebhookOptions } from "./options";
import { describeThrown, textOutput, xmlOutput, type Webhook, type WebhookInput, type WebhookOutput } from "./types";

export type { WebhookOptions } from "./options";

const MIN_TTL_MS = 5 * 60_000;
const PURGE_EVERY_MS = 60_000;
type WaitUntil = (work: Promise<unknown>) => void;

/** The webhook's parts, configured once from the options. */
type Parts = {
  envelope: EnvelopeConfig;
  binding: BindingConfig;
  exactlyOnce: ExactlyOnceConfig;
  late: LateReplyConfig;
  deadlineMs: number;
  random: RandomBytes;
  purge: (waitUntil: WaitUntil) => void;
};

function configure(options: WebhookOptions): Parts {
  if (!options.token) throw new WeChatConfigError("webhook: token is required");
  if (!options.appId) throw new WeChatConfigError("webhook: appId is required");
  const aesKeys = [options.encodingAESKey, options.previousEncodingAESKey].filter((k): k is string => !!k);
  aesKeys.forEach(parseEncodingAESKey); // fail at start-up, not on the first push
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
    envelope: {
      token,
      appId,
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

/**
 * The body, null past the size cap. A client that disconnects mid-body makes the read fail
 * (undefined: a bad request, not a crash); one that sends it a byte at a time is cut off.
 */
async function readWithinDeadline(input: WebhookInput, envelope: EnvelopeConfig): Promise<Uint8Array | null | undefined | typeof TIMED_OUT> {
  const deadline = startDeadline(envelope.bodyReadMs);
  try {
    return await Promise.race([input.readBody(envelope.maxBodyBytes).catch(() => undefined), deadline.expired]);
  } finally {
    deadline.cancel();
  }
}

/** Every check a push passes before the bot may see it: the message, or a refusal. */
async function admit(parts: Parts, input: WebhookInput): Promise<WebhookOutput | { msg: InboundMessage; aesKey?: string }> {
  const { query } = input;
  const { envelope } = parts;
  if (!query.get("signature") || !query.get("timestamp") || !query.get("nonce")) {
    return textOutput(400, "missing query parameters");
  }
  // Refuse oversized bodies before reading a byte of them.
  if ((input.contentLength ?? 0) > envelope.maxBodyBytes) return textOutput(413, "payload too large");
  const refused = authenticate(envelope, query) ?? refuseDowngrade(envelope, query);
  if (refused) return refused;
  const bytes = await readWithinDeadline(input, envelope);
  if (bytes === TIMED_OUT) return textOutput(408, "body not received in time");
  if (bytes === undefined) return textOutput(400, "unreadable body");
  if (bytes === null) return textOutput(413, "payload too large");
  // A view, not a copy, of the bytes read.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  const outer = parseXml(text, { maxLength: envelope.maxBodyBytes });
  if (!outer.ok) {
    envelope.logger.warn("wechat webhook: malformed XML", { reason: outer.reason });
    return textOutput(400, "malformed XML");
  }
  const opened = openEnvelope(envelope, outer.record, query);
  if ("status" in opened) return opened;
  if (!opened.aesKey) {
    const replayed = await checkBodyBinding(parts.binding, query, bytes);
    if (replayed) return replayed;
  }
  return { msg: parseMessageRecord(opened.record), aesKey: opened.aesKey };
}

/** The response XML, encrypted with the key that opened the push. */
function encryptReply(parts: Parts, xml: string, aesKey: string): string {
  const { token, appId, clock } = parts.envelope;
  return buildEncryptedReplyXml({
    plaintextXml: xml,
    token,
    appId,
    encodingAESKey: aesKey,
    timestamp: Math.floor(clock() / 1000),
    nonce: randomAlphanumeric(16, parts.random),
    randomBytes: parts.random,
  });
}

async function handlePost(parts: Parts, input: WebhookInput, waitUntil: WaitUntil): Promise<WebhookOutput> {
  // The deadline counts from the request's arrival, body reading included.
  const deadline = startDeadline(parts.deadlineMs);
  try {
    const admitted = await admit(parts, input);
    if ("status" in admitted) return admitted;
    const { msg, aesKey } = admitted;
    parts.purge(waitUntil);
    const runOwner = (key: string | null) => runWithinDeadline(parts.late, msg, key, deadline.expired, waitUntil);
    const xml = await replyOnce(parts.exactlyOnce, msg, deadline.expired, runOwner);
    if (xml === null) return textOutput(200, "success");
    return xmlOutput(aesKey ? encryptReply(parts, xml, aesKey) : xml);
  } finally {
    deadline.cancel();
  }
}

/** The server-URL check: echo `echostr` for a valid signature. */
function handleGet(parts: Parts, query: URLSearchParams): WebhookOutput {
  const echostr = query.get("echostr");
  if (!echostr || !query.get("signature") || !query.get("timestamp") || !query.get("nonce")) {
    return textOutput(400, "missing query parameters");
  }
  return authenticate(parts.envelope, query) ?? textOutput(200, echostr);
}

/**
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
export function createWebhook(options: WebhookOptions): Webhook {
  const parts = configure(options);
  return {
    async handle(input, ctx) {
      const waitUntil = ctx?.waitUntil ?? options.waitUntil ?? ((work) => void work.catch(() => undefined));
      if (input.method === "POST") return handlePost(parts, input, waitUntil);
      if (input.method === "GET") return handleGet(parts, input.query);
      const refusal = textOutput(405, "method not allowed");
      return { ...refusal, headers: { ...refusal.headers, allow: "GET, POST" } };
    },
  };
}
