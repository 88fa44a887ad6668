/**
 * The typed view of every inbound push (messages and events). Parsing lives in
 * message.ts (messages, menu/QR events) and message-job-events.ts /
 * message-account-events.ts (the other event families).
 */
import type { XmlRecord } from "./xml";

/** Fields every push carries. `fromUserName` is the user's openid, `toUserName` our account (gh_…). */
export type MessageBase = {
  toUserName: string;
  fromUserName: string;
  /** Seconds since the epoch, as WeChat sends it. */
  createTime: number;
  /** Every field as parsed, for anything the typed view leaves out. */
  raw: XmlRecord;
};

type Msg<T extends string, F> = MessageBase & { type: T; msgId: string } & F;
export type TextMessage = Msg<"text", { content: string }>;
export type ImageMessage = Msg<"image", { picUrl: string; mediaId: string }>;
export type VoiceMessage = Msg<"voice", { mediaId: string; format: string; recognition?: string }>;
export type VideoMessage = Msg<"video", { mediaId: string; thumbMediaId: string }>;
export type ShortVideoMessage = Msg<"shortvideo", { mediaId: string; thumbMediaId: string }>;
export type LocationMessage = Msg<"location", { locationX: number; locationY: number; scale: number; label: string }>;
export type LinkMessage = Msg<"link", { title: string; description: string; url: string }>;

export type UserMessage =
  | TextMessage
  | ImageMessage
  | VoiceMessage
  | VideoMessage
  | ShortVideoMessage
  | LocationMessage
  | LinkMessage;
export type UserMessageType = UserMessage["type"];

export type Evt<E extends string, F = object> = MessageBase & { type: "event"; event: E } & F;
/** `eventKey` is the raw EventKey; `scene` is it without `qrscene_` when subscribing through a QR code. */
export type SubscribeEvent = Evt<"subscribe", { eventKey?: string; scene?: string; ticket?: string }>;
export type UnsubscribeEvent = Evt<"unsubscribe">;
export type ScanEvent = Evt<"SCAN", { eventKey: string; scene: string; ticket?: string }>;
export type LocationEvent = Evt<"LOCATION", { latitude: number; longitude: number; precision: number }>;
export type ClickEvent = Evt<"CLICK", { eventKey: string }>;
export type ViewEvent = Evt<"VIEW", { eventKey: string; url: string; menuId?: string }>;
export type ScanCodeInfo = { scanType: string; scanResult: string };
export type ScanCodeEvent = Evt<"scancode_push" | "scancode_waitmsg", { eventKey: string; scanCodeInfo: ScanCodeInfo }>;
export type SendPicsInfo = { count: number; picList: Array<{ picMd5Sum: string }> };
export type PicEvent = Evt<
  "pic_sysphoto" | "pic_photo_or_album" | "pic_weixin",
  { eventKey: string; sendPicsInfo: SendPicsInfo }
>;
export type SendLocationInfo = { locationX: number; locationY: number; scale: number; label: string; poiname: string };
export type LocationSelectEvent = Evt<"location_select", { eventKey: string; sendLocationInfo: SendLocationInfo }>;
export type ViewMiniprogramEvent = Evt<"view_miniprogram", { eventKey: string; menuId?: string }>;

/** Menu, follow and QR-code events (parsed in message.ts). */
export type MenuAndFollowEvent =
  | SubscribeEvent
  | UnsubscribeEvent
  | ScanEvent
  | LocationEvent
  | ClickEvent
  | ViewEvent
  | ScanCodeEvent
  | PicEvent
  | LocationSelectEvent
  | ViewMiniprogramEvent;
