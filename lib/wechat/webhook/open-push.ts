/**
 * Every check a push passes before its content may be read, in order: the query's parameters,
 * the declared size, the signature and timestamp window, the downgrade refusal, the body read
 * within its deadline and size, the outer XML, and the safe-mode envelope. Shared by the
 * account webhook (webhook.ts) and a third-party platform's authorization events
 * (component/event-handler.ts), which differ only in what they do with the record.
 */
import { startDeadline, TIMED_OUT } from "../timeout";
import { parseXml, type XmlRecord } from "../xml";
import { authenticate, openEnvelope, refuseDowngrade, type EnvelopeConfig } from "./envelope";
import { textOutput, type WebhookInput, type WebhookOutput } from "./types";

/** A push that passed every check: its record, the key that opened it (if encrypted) and the bytes read. */
export type OpenedPush = { record: XmlRecord; aesKey?: string; bytes: Uint8Array };

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

/** The push's record, or the refusal to answer (400, 401, 408, 413). */
export async function openPush(envelope: EnvelopeConfig, input: WebhookInput): Promise<WebhookOutput | OpenedPush> {
  const { query } = input;
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
  return { ...opened, bytes };
}
