/**
 * What the handler must see for a generated push, and what a generated reply
 * must read back as — written from the protocol doc, not from the code under
 * test, so that a disagreement is a finding.
 */
import { deepStrictEqual } from "node:assert/strict";
import type { InboundMessage } from "@wxmp/wechat/message";
import type { Reply } from "@wxmp/wechat/reply";
import type { XmlRecord } from "@wxmp/wechat/xml";
import { normalizeNewlines, replyText, senderOf, type PushSpec } from "./arbitraries";
import { NOW_S } from "./harness";
import { SENTINEL } from "./hostile-arbitraries";

const USER_TYPES = new Set(["text", "image", "voice", "video", "shortvideo", "location", "link"]);
/** The canonical event names the arbitraries generate (unknown events are filtered to differ case-insensitively). */
const KNOWN_EVENTS = new Set([
  "subscribe", "unsubscribe", "SCAN", "LOCATION", "CLICK", "VIEW", "scancode_push", "scancode_waitmsg", "pic_sysphoto",
  "pic_photo_or_album", "pic_weixin", "location_select", "view_miniprogram", "TEMPLATESENDJOBFINISH", "MASSSENDJOBFINISH",
  "subscribe_msg_popup_event", "subscribe_msg_change_event", "subscribe_msg_sent_event", "PUBLISHJOBFINISH", "qualification_verify_success", "qualification_verify_fail", "naming_verify_success",
  "naming_verify_fail", "annual_renew", "verify_expired", "kf_create_session", "kf_close_session", "kf_switch_session",
]);

export function fail(message: string): never {
  throw new Error(message);
}
const same = (actual: unknown, expected: unknown, what: string): void =>
  deepStrictEqual(actual, expected, `${what}: got ${JSON.stringify(actual)?.slice(0, 200)}, want ${JSON.stringify(expected)?.slice(0, 200)}`);

/** The handler got push `index` built from `spec`, with its fields intact and the right variant. */
export function checkHandlerSaw(msg: InboundMessage, spec: PushSpec, index: number): void {
  same(msg.fromUserName, normalizeNewlines(senderOf(spec, index)), "FromUserName");
  same(msg.toUserName, normalizeNewlines(spec.to), "ToUserName");
  if (USER_TYPES.has(spec.msgType)) same(msg.type, spec.msgType, "type");
  else if (spec.msgType === "event" && spec.event !== undefined && KNOWN_EVENTS.has(spec.event)) {
    same(msg.type === "event" && msg.event, spec.event, "event");
  } else same(msg.type, "unknown", "type of an unknown push");
  if (msg.type === "text") {
    const content = spec.nodes.find((n) => n.name === "Content")?.text ?? "";
    same(msg.content, normalizeNewlines(content), "Content");
  }
  if (JSON.stringify(msg.raw).includes(SENTINEL)) fail("the handler saw expanded entity content");
}

/** Drops undefined members, as the reply builder omits them. */
const defined = (record: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(record).filter((e): e is [string, string] => e[1] !== undefined).map(([k, v]) => [k, replyText(v)]));

/** The reply record WeChat would read: To/From swapped by the caller, CreateTime in seconds, §2 layout. */
export function expectedReply(reply: Reply, to: string, from: string): XmlRecord {
  const base = { ToUserName: replyText(to), FromUserName: replyText(from), CreateTime: String(NOW_S), MsgType: reply.type };
  switch (reply.type) {
    case "text":
      return { ...base, Content: replyText(reply.content) };
    case "image":
      return { ...base, Image: { MediaId: replyText(reply.mediaId) } };
    case "voice":
      return { ...base, Voice: { MediaId: replyText(reply.mediaId) } };
    case "video":
      return { ...base, Video: defined({ MediaId: reply.mediaId, Title: reply.title, Description: reply.description }) };
    case "music": {
      const { title, description, musicUrl, hqMusicUrl, thumbMediaId } = reply;
      const music = { Title: title, Description: description, MusicUrl: musicUrl, HQMusicUrl: hqMusicUrl, ThumbMediaId: thumbMediaId };
      return { ...base, Music: defined(music) };
    }
    case "news": {
      const { title, description, picUrl, url } = reply.article;
      return { ...base, ArticleCount: "1", Articles: { item: defined({ Title: title, Description: description, PicUrl: picUrl, Url: url }) } };
    }
    case "transfer_customer_service":
      return reply.kfAccount ? { ...base, TransInfo: { KfAccount: replyText(reply.kfAccount) } } : base;
  }
}

export function checkReply(actual: XmlRecord | "success", expected: XmlRecord | "success", what: string): void {
  same(actual, expected, what);
}

/** Every leaf a string, no prototype names as keys, plain objects only: what XmlRecord promises. */
export function checkRecordShape(value: unknown, depth = 0): void {
  if (typeof value === "string") return;
  if (depth > 12) fail("record nested deeper than maxDepth allows");
  if (Array.isArray(value)) return value.forEach((v) => checkRecordShape(v, depth + 1));
  if (value === null || typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) {
    fail(`record holds a ${typeof value}`);
  }
  for (const [k, v] of Object.entries(value)) {
    if (k === "__proto__" || k === "constructor" || k === "prototype") fail(`record has a key named ${k}`);
    checkRecordShape(v, depth + 1);
  }
}
