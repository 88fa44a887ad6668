/**
 * Acts as WeChat towards the app's server URL: signs, optionally encrypts,
 * POSTs with WeChat's 5-second deadline and 3 tries (same MsgId/CreateTime
 * each time), then reads the passive reply.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */
import { randomInt } from "node:crypto";
import type { Account } from "../core/account";
import type { SimulatorState } from "../core/state";
import { componentState } from "../groups/component/state";
import { mediaState } from "../groups/media/state";
import { encryptMessage, signValues } from "../protocol/crypto";
import { parseXml, textOf } from "../protocol/xml";
import { buildMessage } from "./messages";
import { PLATFORM_EVENTS } from "./platform-events";
import { SERVICE_UNAVAILABLE, type PushAttempt, type PushRequest, type PushResult } from "./pusher-types";
import { readReply } from "./reply-parser";
import { exchange } from "./webhook-http";

export type { PushAttempt, PushMode, PushRequest, PushResult } from "./pusher-types";

const PUSH_LOG_LIMIT = 200;

function nonce(): string {
  return String(randomInt(100_000_000, 2_000_000_000));
}

/** Builds the request XML and applies the push's side effects on the simulated user. */
function prepare(state: SimulatorState, account: Account, req: PushRequest): { xml: string; openid: string; msgId?: string; createTime?: number; kind: string; summary: string } {
  const nowSeconds = Math.floor(account.now() / 1000);
  if (req.xml !== undefined) {
    const doc = parseXml(req.xml);
    const openid = textOf(doc ?? undefined, "FromUserName") || req.openid || state.defaultOpenid(account);
    const msgType = textOf(doc ?? undefined, "MsgType");
    const content = textOf(doc ?? undefined, "Content");
    return {
      xml: req.xml, openid, msgId: textOf(doc ?? undefined, "MsgId") || undefined,
      createTime: Number(textOf(doc ?? undefined, "CreateTime")) || undefined,
      kind: msgType === "event" ? "event" : msgType || "raw",
      summary: content || (msgType === "event" ? `[事件] ${textOf(doc ?? undefined, "Event")}` : "[原始 XML]"),
    };
  }
  if (!req.message) throw new Error("give xml or message");
  const openid = req.message.from ?? req.openid ?? state.defaultOpenid(account);
  const built = buildMessage(req.message, account.originalId, openid, nowSeconds);
  return { xml: built.xml, openid, msgId: built.msgId, createTime: built.createTime, kind: built.kind, summary: built.summary };
}

/** What a push does to the simulated user (follow state, 48-hour window). */
function applySideEffects(account: Account, xml: string, openid: string): void {
  const doc = parseXml(xml);
  const event = textOf(doc ?? undefined, "Event");
  if (PLATFORM_EVENTS.has(event)) return;
  const user = account.users.get(openid) ?? account.users.ensure(openid);
  if (event === "unsubscribe") {
    user.subscribe = 0;
    return;
  }
  // Any message or event from the user (except unsubscribing) opens the customer-service window.
  user.lastInboundAt = account.now();
  if (event === "subscribe" && user.subscribe === 0) {
    user.subscribe = 1;
    user.subscribeTime = Math.floor(account.now() / 1000);
    const key = textOf(doc ?? undefined, "EventKey");
    user.subscribeScene = key.startsWith("qrscene_") ? "ADD_SCENE_QR_CODE" : "ADD_SCENE_SEARCH";
    user.qrSceneStr = key.startsWith("qrscene_") ? key.slice(8) : "";
  }
}

/**
 * Who signs and seals a push, and where it goes: the account's own Token, AppID and key towards
 * its server URL; or, once the account authorized a third-party platform, the platform's Token
 * and key with the component_appid sealed inside, towards the platform's message URL for it.
 */
interface PushIdentity {
  token: string;
  cryptoAppId: string;
  encodingAESKey: string | undefined;
  url: string;
  viaPlatform: boolean;
}

/** Who signs and seals `account`'s pushes: the account itself, or the platform it authorized. */
export function pushIdentity(state: SimulatorState, account: Account): PushIdentity {
  const component = state.shared(componentState);
  const url = component.config && component.authorization(account.appId) ? component.messageUrlFor(account.appId) : undefined;
  if (component.config && url) {
    return { token: component.config.token, cryptoAppId: component.config.componentAppId, encodingAESKey: component.config.encodingAESKey, url, viaPlatform: true };
  }
  return { token: account.token, cryptoAppId: account.appId, encodingAESKey: account.encodingAESKey, url: state.webhookUrlFor(account), viaPlatform: false };
}

function buildRequest(account: Account, id: PushIdentity, req: PushRequest, mode: NonNullable<PushRequest["mode"]>, xml: string, openid: string, base: URL): { url: URL; body: string } {
  const timestamp = String(req.timestamp ?? Math.floor(account.now() / 1000));
  const n = nonce();
  const url = new URL(base.toString());
  const signature = req.tamper === "signature" ? "0".repeat(40) : signValues(id.token, timestamp, n);
  url.searchParams.set("signature", signature);
  url.searchParams.set("timestamp", timestamp);
  url.searchParams.set("nonce", n);
  url.searchParams.set("openid", openid);
  if (mode === "plaintext") return { url, body: xml };
  const encrypt = encryptMessage(xml, id.cryptoAppId, id.encodingAESKey as string);
  url.searchParams.set("encrypt_type", "aes");
  const msgSignature = req.tamper === "msg_signature" ? "0".repeat(40) : signValues(id.token, timestamp, n, encrypt);
  url.searchParams.set("msg_signature", msgSignature);
  const encryptField = `<Encrypt><![CDATA[${encrypt}]]></Encrypt>`;
  if (mode === "compatible") return { url, body: xml.replace(/<\/xml>\s*$/, `${encryptField}</xml>`) };
  return { url, body: `<xml><ToUserName><![CDATA[${account.originalId}]]></ToUserName>${encryptField}</xml>` };
}

/**
 * Pushes one message or event from `account` (default: the one the simulator started with) to the
 * webhook and records every attempt. Throws only for a bad request (no message, or encryption
 * asked for without a key).
 */
export async function pushMessage(state: SimulatorState, req: PushRequest, account: Account = state.primary): Promise<PushResult> {
  const id = pushIdentity(state, account);
  const mode = req.mode ?? (id.encodingAESKey ? "safe" : "plaintext");
  if (mode !== "plaintext" && mode !== "compatible" && mode !== "safe") throw new Error("mode must be plaintext, compatible or safe");
  if (mode !== "plaintext" && !id.encodingAESKey) throw new Error(`${mode} mode needs an EncodingAESKey`);
  if (mode === "plaintext" && id.viaPlatform) throw new Error("pushes to a third-party platform are always encrypted");
  const base = new URL(req.webhookUrl ?? id.url);
  const timeoutMs = Math.max(1, req.timeoutMs ?? 5000);
  const tries = Math.min(10, Math.max(1, req.tries ?? 3));
  const prepared = prepare(state, account, req);
  applySideEffects(account, prepared.xml, prepared.openid);
  state.addConversation({ openid: prepared.openid, role: "user", kind: prepared.kind, text: prepared.summary });

  const result: PushResult = {
    id: state.id(), at: state.now(), mode, openid: prepared.openid, msgId: prepared.msgId, createTime: prepared.createTime,
    requestXml: prepared.xml, attempts: [], delivered: false, reply: null, replyErrors: [], replyWarnings: [],
  };
  for (let attempt = 1; attempt <= tries; attempt++) {
    // Same XML (same MsgId/CreateTime) on every try; fresh timestamp/nonce signature per request.
    const { url, body } = buildRequest(account, id, req, mode, prepared.xml, prepared.openid, base);
    const answer = await exchange(url, "POST", body, timeoutMs);
    const record: PushAttempt = { attempt, status: answer.status, ms: answer.ms };
    if (answer.error) record.error = answer.error;
    if (answer.body !== undefined) record.body = answer.body;
    result.attempts.push(record);
    if (answer.status === null) continue; // dropped or unreachable: WeChat tries again
    if (answer.status >= 200 && answer.status < 300) {
      result.delivered = true;
      const reading = readReply(answer.body ?? "", {
        token: id.token, appId: id.cryptoAppId, encodingAESKey: id.encodingAESKey,
        requestEncrypted: mode !== "plaintext", requireEncrypted: mode === "safe",
        openid: prepared.openid, originalId: account.originalId,
      });
      if (reading.decrypted !== undefined) record.decryptedReply = reading.decrypted;
      result.reply = reading.errors.length ? null : reading.reply;
      result.replyErrors = reading.errors;
      result.replyWarnings = reading.warnings;
      const mediaId = reading.reply && "mediaId" in reading.reply ? reading.reply.mediaId : "";
      if (mediaId && !account.state(mediaState).usable(mediaId)) result.replyWarnings.push(`MediaId ${mediaId} is no media of this account (expired or never uploaded)`);
    }
    break; // an HTTP answer (even 4xx/5xx) ends the delivery
  }
  if (!result.delivered || result.replyErrors.length) result.userVisibleError = SERVICE_UNAVAILABLE;
  recordOutcome(state, result);
  return result;
}

function recordOutcome(state: SimulatorState, result: PushResult): void {
  state.pushes.push(result);
  if (state.pushes.length > PUSH_LOG_LIMIT) state.pushes.splice(0, state.pushes.length - PUSH_LOG_LIMIT);
  const reply = result.reply;
  if (reply) {
    const text = reply.kind === "text" ? reply.content : reply.kind === "news" ? reply.articles[0]?.title : undefined;
    state.addConversation({ openid: result.openid, role: "bot", kind: reply.kind, text, payload: reply });
  } else if (result.userVisibleError) {
    state.addConversation({ openid: result.openid, role: "system", kind: "error", text: result.userVisibleError });
  }
}

export interface ServerUrlCheck {
  ok: boolean;
  status: number | null;
  body?: string;
  error?: string;
  ms: number;
}

/**
 * The server-URL check WeChat runs when the URL is saved: a signed GET whose
 * body must be `echostr`, unchanged.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
export async function verifyServerUrl(
  state: SimulatorState,
  opts: { webhookUrl?: string; badSignature?: boolean; timeoutMs?: number } = {},
  account: Account = state.primary,
): Promise<ServerUrlCheck> {
  const url = new URL(opts.webhookUrl ?? state.webhookUrlFor(account));
  const timestamp = String(Math.floor(state.now() / 1000));
  const n = nonce();
  const echostr = String(randomInt(1_000_000_000, 2_000_000_000)) + String(randomInt(100_000_000, 999_999_999));
  url.searchParams.set("signature", opts.badSignature ? "0".repeat(40) : signValues(account.token, timestamp, n));
  url.searchParams.set("echostr", echostr);
  url.searchParams.set("timestamp", timestamp);
  url.searchParams.set("nonce", n);
  const answer = await exchange(url, "GET", undefined, opts.timeoutMs ?? 5000);
  const ok = answer.status === 200 && answer.body === echostr;
  return { ok, status: answer.status, body: answer.body, error: answer.error, ms: answer.ms };
}
