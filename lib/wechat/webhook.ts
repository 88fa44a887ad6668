import { decryptWithKeys, parseEncodingAESKey } from "./crypto";
import { claimOrWait, createMemoryDedupStore, type ClaimOutcome, type DedupStore } from "./dedup";
import { WeChatConfigError } from "./errors";
import { getDedupKey, parseMessageRecord, type InboundMessage } from "./message";
import { defaultRandomBytes, randomAlphanumeric } from "./random-string";
import { buildEncryptedReplyXml, buildReplyXml, type Reply } from "./reply";
import { verifyMessageSignature, verifySignature } from "./signature";
import { silentLogger, type Clock, type Logger, type RandomBytes } from "./types";
import { parseXml, textField, type XmlRecord } from "./xml";

export type WebhookOptions = {
  token: string;
  appId: string;
  /** Enables compatible and safe mode. */
  encodingAESKey?: string;
  /** The key before the last rotation, tried when the current one fails. */
  previousEncodingAESKey?: string;
  /** The bot. `null`/`undefined` answers `success`. */
  handler: (msg: InboundMessage) => Promise<Reply | null | undefined> | Reply | null | undefined;
  /** Default: an in-memory store (one process). */
  dedup?: DedupStore;
  /** WeChat gives up after 5 s; answer before that. Default 4500. */
  replyDeadlineMs?: number;
  /** Default 300. */
  maxTimestampSkewSeconds?: number;
  /** Default 1 MiB. */
  maxBodyBytes?: number;
  /** How long a push is remembered; at least (and by default) 5 minutes. */
  dedupTtlMs?: number;
  /** Sends a reply that missed the deadline through the customer-service API. */
  deliverLate?: (msg: InboundMessage, reply: Reply) => Promise<void>;
  /** Keeps work alive after the response (Next's `after()`); default: fire-and-forget. */
  waitUntil?: (promise: Promise<unknown>) => void;
  clock?: Clock;
  randomBytes?: RandomBytes;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  /** How often a retry polls the store for the first delivery's answer. Default 75. */
  pollIntervalMs?: number;
};

/** Per call: overrides `waitUntil` for this push's late work (e.g. a server's pending-work list). */
export type WebhookCallContext = { waitUntil?: (work: Promise<unknown>) => void };

export type WebhookHandler = {
  handleGet(request: Request): Promise<Response>;
  handlePost(request: Request, ctx?: WebhookCallContext): Promise<Response>;
};

const MIN_TTL_MS = 5 * 60_000;
const PURGE_EVERY_MS = 60_000;
const TIMED_OUT = Symbol("timed out");
type Deadline = Promise<typeof TIMED_OUT>;
type KeepAlive = (work: Promise<unknown>) => void;
/** The message and, when the push was encrypted, the key that opened it (the reply uses the same). */
type Envelope = { record: XmlRecord; aesKey?: string };

/** A bot may throw anything, even a value whose toString throws: describing it must not. */
function describeThrown(error: unknown): string {
  try {
    return String(error);
  } catch {
    return "unprintable error";
  }
}

const plain = (status: number, body: string): Response =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
const success = (): Response => plain(200, "success");

/** Reads the body, giving up (null) as soon as it passes `max` bytes — also without a Content-Length. */
async function readBody(request: Request, max: number): Promise<string | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Each call rejects after `ms` when the store has not answered (the store call itself goes on). */
function boundedStore(store: DedupStore, ms: number): DedupStore {
  const bound = <T>(run: () => Promise<T>): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`dedup store did not answer within ${ms} ms`)), ms);
    });
    return Promise.race([run(), expired]).finally(() => clearTimeout(timer));
  };
  return {
    claim: (...a) => bound(() => store.claim(...a)),
    get: (...a) => bound(() => store.get(...a)),
    complete: (...a) => bound(() => store.complete(...a)),
    defer: (...a) => bound(() => store.defer(...a)),
    purgeExpired: (...a) => bound(() => store.purgeExpired(...a)),
  };
}

/** A timer that can be cancelled, so finished requests leave nothing pending. */
function startDeadline(ms: number): { expired: Deadline; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return { expired, cancel: () => clearTimeout(timer) };
}

/**
 * The whole `/api/wechat` behaviour — server-URL check, signatures, safe-mode
 * crypto, exactly-once handling of retries, reply deadline — as a
 * framework-free `Request → Response` pair.
 *
 * Refusals: missing parameters, malformed XML or an encrypted push without a
 * configured key → 400; bad signature, stale timestamp or a push that does not
 * decrypt to our appid → 401; body over the limit → 413.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
export function createWebhookHandler(options: WebhookOptions): WebhookHandler {
  if (!options.token) throw new WeChatConfigError("webhook: token is required");
  if (!options.appId) throw new WeChatConfigError("webhook: appId is required");
  const aesKeys = [options.encodingAESKey, options.previousEncodingAESKey].filter((k): k is string => !!k);
  aesKeys.forEach(parseEncodingAESKey); // fail at start-up, not on the first push
  const deadlineMs = options.replyDeadlineMs ?? 4500;
  // A database that accepts connections but never answers must not hold the reply past the
  // deadline: every store call gets a bounded time, after which the webhook degrades.
  const store = boundedStore(options.dedup ?? createMemoryDedupStore(), Math.min(1000, Math.floor(deadlineMs / 3)));
  const maxSkew = options.maxTimestampSkewSeconds ?? 300;
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const ttlMs = Math.max(options.dedupTtlMs ?? MIN_TTL_MS, MIN_TTL_MS);
  // A retry may take over once the owner would have answered if it were alive.
  const leaseMs = deadlineMs + 1000;
  const clock = options.clock ?? Date.now;
  const random = options.randomBytes ?? defaultRandomBytes;
  const logger = options.logger ?? silentLogger;
  // Only the error's message is logged: never message contents or secrets.
  const warn = (message: string) => (error: unknown) => logger.warn(message, { reason: describeThrown(error) });
  const fail = (message: string) => (error: unknown) => logger.error(message, { reason: describeThrown(error) });
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pollMs = options.pollIntervalMs ?? 75;
  const waitUntil = options.waitUntil ?? ((promise: Promise<unknown>) => void promise.catch(() => undefined));
  let lastPurge = Number.NEGATIVE_INFINITY;

  /** Checks `signature` and the timestamp window; a Response means refused. */
  function authenticate(query: URLSearchParams): Response | null {
    const signature = query.get("signature") ?? "";
    const timestamp = query.get("timestamp") ?? "";
    const nonce = query.get("nonce") ?? "";
    if (!verifySignature({ token: options.token, timestamp, nonce, signature })) {
      logger.warn("wechat webhook: bad signature");
      return plain(401, "invalid signature");
    }
    // Bounds replays of a captured, validly signed request.
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(clock() / 1000 - Number(timestamp)) > maxSkew) {
      logger.warn("wechat webhook: timestamp outside the accepted window", { timestamp });
      return plain(401, "stale timestamp");
    }
    return null;
  }

  /** Opens a safe-mode envelope: the message record and the key to reply with, or a refusal. */
  function openEnvelope(record: XmlRecord, query: URLSearchParams): Response | Envelope {
    const encrypt = textField(record, "Encrypt");
    const hasPlaintext = textField(record, "MsgType") !== undefined;
    if (query.get("encrypt_type") !== "aes" && (encrypt === undefined || hasPlaintext)) return { record };
    if (encrypt === undefined) return plain(400, "missing Encrypt");
    if (aesKeys.length === 0) {
      if (hasPlaintext) {
        logger.warn("wechat webhook: compatible-mode push handled as plaintext (no EncodingAESKey configured)");
        return { record };
      }
      logger.error("wechat webhook: encrypted push but no EncodingAESKey configured (WECHAT_ENCODING_AES_KEY)");
      return plain(400, "encrypted message but no EncodingAESKey configured");
    }
    const msgSignature = query.get("msg_signature");
    if (!msgSignature) return plain(400, "missing msg_signature");
    const [timestamp, nonce] = [query.get("timestamp") ?? "", query.get("nonce") ?? ""];
    if (!verifyMessageSignature({ token: options.token, timestamp, nonce, encrypt, msgSignature })) {
      logger.warn("wechat webhook: bad msg_signature");
      return plain(401, "invalid msg_signature");
    }
    let decrypted;
    try {
      decrypted = decryptWithKeys(aesKeys, { appId: options.appId, encrypted: encrypt });
    } catch (error) {
      warn("wechat webhook: push does not decrypt with our keys and appid")(error);
      return plain(401, "cannot decrypt message");
    }
    if (decrypted.keyIndex > 0) logger.info("wechat webhook: push decrypted with the previous EncodingAESKey");
    const inner = parseXml(decrypted.message, { maxLength: maxBody });
    if (!inner.ok) return plain(400, "malformed XML");
    return { record: inner.record, aesKey: decrypted.encodingAESKey };
  }

  /** Runs the handler within the deadline; returns the plaintext reply XML or null (`success`). */
  async function runOwner(msg: InboundMessage, key: string | null, deadline: Deadline, keep: KeepAlive): Promise<string | null> {
    const task = Promise.resolve().then(() => options.handler(msg));
    const settled = task.then(
      (reply) => ({ reply }),
      (error: unknown) => ({ error }),
    );
    const outcome = await Promise.race([settled, deadline]);
    if (outcome === TIMED_OUT) {
      if (key !== null) await store.defer(key).catch(warn("wechat webhook: dedup defer failed"));
      logger.warn("wechat webhook: handler missed the reply deadline; answering success", { type: msg.type });
      const late = task.then(async (reply) => {
        if (!reply) return;
        if (options.deliverLate) await options.deliverLate(msg, reply);
        else logger.warn("wechat webhook: late reply dropped (no deliverLate configured)");
      });
      keep(late.catch(fail("wechat webhook: late reply failed")));
      return null;
    }
    let xml: string | null = null;
    try {
      if ("error" in outcome) throw outcome.error;
      // Swapped: we answer the user (FromUserName) from our account (ToUserName).
      const context = { to: msg.fromUserName, from: msg.toUserName, now: clock };
      if (outcome.reply) xml = buildReplyXml(outcome.reply, context);
    } catch (error) {
      fail("wechat webhook: handler failed; answering success")(error);
    }
    if (key !== null) await store.complete(key, xml).catch(warn("wechat webhook: dedup complete failed"));
    return xml;
  }

  /** The first delivery runs the handler; a retry gets the first delivery's answer. */
  async function replyOnce(msg: InboundMessage, deadline: Deadline, keep: KeepAlive): Promise<string | null> {
    const key = getDedupKey(msg);
    const now = clock();
    if (now - lastPurge >= PURGE_EVERY_MS) {
      lastPurge = now;
      const purge = Promise.resolve().then(() => store.purgeExpired(now));
      keep(purge.catch(warn("wechat webhook: dedup purge failed")));
    }
    let outcome: ClaimOutcome;
    try {
      outcome = await claimOrWait(store, key, { now: clock, leaseMs, ttlMs, pollMs, sleep, deadline });
    } catch (error) {
      // The store being down must not silence the bot: answer, without exactly-once.
      warn("wechat webhook: dedup store failed; handling without dedup")(error);
      return runOwner(msg, null, deadline, keep);
    }
    if (outcome.kind === "owner") return runOwner(msg, key, deadline, keep);
    // A retry whose first delivery deferred (or is still running at our deadline) answers success.
    return outcome.kind === "done" ? outcome.reply : null;
  }

  return {
    async handleGet(request) {
      const query = new URL(request.url).searchParams;
      const echostr = query.get("echostr");
      if (!echostr || !query.get("signature") || !query.get("timestamp") || !query.get("nonce")) {
        return plain(400, "missing query parameters");
      }
      return authenticate(query) ?? plain(200, echostr);
    },

    async handlePost(request, ctx) {
      const deadline = startDeadline(deadlineMs);
      try {
        const query = new URL(request.url).searchParams;
        if (!query.get("signature") || !query.get("timestamp") || !query.get("nonce")) {
          return plain(400, "missing query parameters");
        }
        // Refuse oversized bodies before reading a byte of them.
        if (Number(request.headers.get("content-length") ?? 0) > maxBody) return plain(413, "payload too large");
        const refused = authenticate(query);
        if (refused) return refused;
        // A client that disconnects mid-body makes the read fail: a bad request, not a crash.
        const body = await readBody(request, maxBody).catch(() => undefined);
        if (body === undefined) return plain(400, "unreadable body");
        if (body === null) return plain(413, "payload too large");
        const outer = parseXml(body, { maxLength: maxBody });
        if (!outer.ok) {
          logger.warn("wechat webhook: malformed XML", { reason: outer.reason });
          return plain(400, "malformed XML");
        }
        const opened = openEnvelope(outer.record, query);
        if (opened instanceof Response) return opened;
        const msg = parseMessageRecord(opened.record);
        const xml = await replyOnce(msg, deadline.expired, ctx?.waitUntil ?? waitUntil);
        if (xml === null) return success();
        const responseXml = opened.aesKey
          ? buildEncryptedReplyXml({
              plaintextXml: xml,
              token: options.token,
              appId: options.appId,
              encodingAESKey: opened.aesKey,
              timestamp: Math.floor(clock() / 1000),
              nonce: randomAlphanumeric(16, random),
              randomBytes: random,
            })
          : xml;
        return new Response(responseXml, { headers: { "content-type": "application/xml; charset=utf-8" } });
      } finally {
        deadline.cancel();
      }
    },
  };
}
