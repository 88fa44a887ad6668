/**
 * The whole `/api/wechat` behaviour — server-URL check, signatures, safe-mode crypto,
 * exactly-once handling of retries, reply deadline — composed from its parts:
 * open-push.ts and envelope.ts (who may push, what it says), body-binding.ts (plaintext replays),
 * exactly-once.ts (retries), late-reply.ts (the deadline), configured once by configure.ts. Framework-free: servers adapt
 * their request to `WebhookInput` (web-adapter.ts does it for Web Request/Response).
 *
 * Refusals: missing parameters, malformed XML or an encrypted push without a configured
 * key → 400; bad signature, stale timestamp, a plaintext push while a key is configured, a
 * replayed query with another body, or a push that does not decrypt to our appid → 401;
 * body over the limit → 413; a body still arriving after the read deadline → 408; a method
 * other than GET/POST → 405.
 */
import { getDedupKey, parseMessageRecord, type InboundMessage } from "../message";
import { randomAlphanumeric } from "../random-string";
import { buildEncryptedReplyXml } from "../reply";
import { startDeadline } from "../timeout";
import { checkBodyBinding } from "./body-binding";
import { configure, type Parts, type WaitUntil } from "./configure";
import { authenticate } from "./envelope";
import { replyOnce } from "./exactly-once";
import { runWithinDeadline } from "./late-reply";
import { openPush } from "./open-push";
import type { WebhookOptions } from "./options";
import { textOutput, xmlOutput, type MessageContext, type Webhook, type WebhookInput, type WebhookOutput } from "./types";

export type { WebhookOptions } from "./options";

/** Every check a push passes before the bot may see it: the message, or a refusal. */
async function admit(parts: Parts, input: WebhookInput): Promise<WebhookOutput | { msg: InboundMessage; aesKey?: string }> {
  const opened = await openPush(parts.envelope, input);
  if ("status" in opened) return opened;
  if (!opened.aesKey) {
    const replayed = await checkBodyBinding(parts.binding, input.query, opened.bytes);
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
  const receivedAt = parts.envelope.clock();
  try {
    const admitted = await admit(parts, input);
    if ("status" in admitted) return admitted;
    const { msg, aesKey } = admitted;
    parts.purge(waitUntil);
    // Worked out once: the dedup claim, the bot and its middleware all use this key.
    const ctx: MessageContext = { dedupKey: getDedupKey(msg), receivedAt, account: parts.account, waitUntil };
    const runOwner = (claimed: boolean) => runWithinDeadline(parts.late, msg, ctx, claimed, deadline.expired, waitUntil);
    const xml = await replyOnce(parts.exactlyOnce, ctx.dedupKey, deadline.expired, runOwner);
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
