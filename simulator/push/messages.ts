/**
 * Builders for the XML WeChat pushes to the server URL: user messages and
 * events, with WeChat's field names and types.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html
 */
import { randomBytes } from "node:crypto";
import { buildXml, type XmlFields } from "../protocol/xml";

/** Fields common to every pushed message; all optional. */
export interface PushCommon {
  /** The sending user's openid (FromUserName). */
  from?: string;
  /** Seconds; default now. */
  createTime?: number;
  /** 64-bit decimal string; default random. Messages only (events carry none). */
  msgId?: string;
}

export type PushMessageInput = PushCommon &
  (
    | { type: "text"; content: string }
    | { type: "image"; picUrl?: string; mediaId?: string }
    | { type: "location"; latitude: number; longitude: number; scale?: number; label?: string }
    | { type: "link"; title: string; description?: string; url: string }
    | { type: "subscribe"; /** scene id or string: EventKey becomes `qrscene_<scene>` */ qrScene?: string; ticket?: string }
    | { type: "unsubscribe" }
    | { type: "CLICK"; key: string }
    | { type: "VIEW"; url: string; menuId?: string }
    | { type: "SCAN"; scene: string; ticket?: string }
    | { type: "LOCATION"; latitude: number; longitude: number; precision?: number }
  );

/** An event pushed to the account `to` (its gh_ id) from `from`: the head every event shares, then `fields`. */
export function eventXml(to: string, from: string, createTime: number, event: string, fields: XmlFields = {}): string {
  return buildXml({ ToUserName: to, FromUserName: from, CreateTime: createTime, MsgType: "event", Event: event, ...fields });
}

/** A random MsgId above 2^60: more than a JS number can hold exactly, as real ids are. */
export function newMsgId(): string {
  const value = (randomBytes(8).readBigUInt64BE(0) & ((1n << 62n) - 1n)) | (1n << 60n);
  return value.toString(10);
}

/** A random QR-code ticket like WeChat's. */
function newTicket(): string {
  return `gQ${randomBytes(60).toString("base64").replace(/[+/=]/g, "")}`;
}

export interface BuiltMessage {
  xml: string;
  from: string;
  createTime: number;
  msgId?: string;
  /** For the chat pane. */
  kind: string;
  summary: string;
}

/**
 * Renders a message object as pushed XML. `to` is the account's original id
 * (gh_…), `nowSeconds` the default CreateTime.
 */
export function buildMessage(input: PushMessageInput, to: string, from: string, nowSeconds: number): BuiltMessage {
  const createTime = input.createTime ?? nowSeconds;
  const head: XmlFields = { ToUserName: to, FromUserName: from, CreateTime: createTime };
  const msgId = input.msgId ?? newMsgId();
  let body: XmlFields;
  let summary: string;
  let isEvent = false;
  switch (input.type) {
    case "text":
      body = { MsgType: "text", Content: input.content };
      summary = input.content;
      break;
    case "image":
      body = { MsgType: "image", PicUrl: input.picUrl ?? "http://mmbiz.qpic.cn/sim/image.jpg", MediaId: input.mediaId ?? `media_${randomBytes(12).toString("hex")}` };
      summary = "[图片]";
      break;
    case "location":
      body = { MsgType: "location", Location_X: input.latitude, Location_Y: input.longitude, Scale: input.scale ?? 15, Label: input.label ?? "" };
      summary = `[位置] ${input.label ?? `${input.latitude},${input.longitude}`}`;
      break;
    case "link":
      body = { MsgType: "link", Title: input.title, Description: input.description ?? "", Url: input.url };
      summary = `[链接] ${input.title}`;
      break;
    case "subscribe":
      isEvent = true;
      body = { MsgType: "event", Event: "subscribe", EventKey: input.qrScene !== undefined ? `qrscene_${input.qrScene}` : "" };
      if (input.qrScene !== undefined) body.Ticket = input.ticket ?? newTicket();
      summary = input.qrScene !== undefined ? `关注（扫码 ${input.qrScene}）` : "关注了公众号";
      break;
    case "unsubscribe":
      isEvent = true;
      body = { MsgType: "event", Event: "unsubscribe", EventKey: "" };
      summary = "取消关注";
      break;
    case "CLICK":
      isEvent = true;
      body = { MsgType: "event", Event: "CLICK", EventKey: input.key };
      summary = `点击菜单 ${input.key}`;
      break;
    case "VIEW":
      isEvent = true;
      body = { MsgType: "event", Event: "VIEW", EventKey: input.url, MenuId: input.menuId ?? "100" };
      summary = `打开菜单链接 ${input.url}`;
      break;
    case "SCAN":
      isEvent = true;
      body = { MsgType: "event", Event: "SCAN", EventKey: input.scene, Ticket: input.ticket ?? newTicket() };
      summary = `扫码 ${input.scene}`;
      break;
    case "LOCATION":
      isEvent = true;
      body = { MsgType: "event", Event: "LOCATION", Latitude: input.latitude, Longitude: input.longitude, Precision: input.precision ?? 65 };
      summary = "上报地理位置";
      break;
    default:
      throw new Error(`unknown message type ${(input as { type?: unknown }).type as string}`);
  }
  // MsgId is a bare 64-bit number in WeChat's XML.
  const fields: XmlFields = isEvent ? { ...head, ...body } : { ...head, ...body, MsgId: /^\d+$/.test(msgId) ? BigInt(msgId) : msgId };
  return {
    xml: buildXml(fields),
    from,
    createTime,
    msgId: isEvent ? undefined : msgId,
    kind: isEvent ? "event" : input.type,
    summary,
  };
}
