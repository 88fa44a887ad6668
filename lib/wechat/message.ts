import { parseXml, textField, type XmlParseOptions, type XmlRecord, type XmlValue } from "./xml";

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

type Evt<E extends string, F = object> = MessageBase & { type: "event"; event: E } & F;
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
/** Note: WeChat spells the id `MsgID` in these two events. */
export type TemplateSendJobFinishEvent = Evt<"TEMPLATESENDJOBFINISH", { msgId: string; status: string }>;
export type MassSendJobFinishEvent = Evt<
  "MASSSENDJOBFINISH",
  { msgId: string; status: string; totalCount: number; filterCount: number; sentCount: number; errorCount: number }
>;

export type InboundEvent =
  | SubscribeEvent
  | UnsubscribeEvent
  | ScanEvent
  | LocationEvent
  | ClickEvent
  | ViewEvent
  | ScanCodeEvent
  | PicEvent
  | LocationSelectEvent
  | ViewMiniprogramEvent
  | TemplateSendJobFinishEvent
  | MassSendJobFinishEvent;
export type EventName = InboundEvent["event"];

/** A MsgType or Event this module does not know: kept, never an error. */
export type UnknownMessage = MessageBase & { type: "unknown"; msgType: string; event?: string };

/**
 * Every inbound push: discriminate on `type`, then on `event` for events.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */
export type InboundMessage = UserMessage | InboundEvent | UnknownMessage;

const EVENT_NAMES: readonly EventName[] = [
  "subscribe", "unsubscribe", "SCAN", "LOCATION", "CLICK", "VIEW", "scancode_push", "scancode_waitmsg",
  "pic_sysphoto", "pic_photo_or_album", "pic_weixin", "location_select", "view_miniprogram",
  "TEMPLATESENDJOBFINISH", "MASSSENDJOBFINISH",
];
// WeChat's casing is inconsistent across event names (and has changed over time), so match case-insensitively.
const EVENT_BY_LOWER = new Map(EVENT_NAMES.map((name) => [name.toLowerCase(), name]));

const num = (value: string | undefined): number =>
  value === undefined || value.trim() === "" ? Number.NaN : Number(value);
const asRecord = (value: XmlValue | undefined): XmlRecord =>
  value !== undefined && typeof value === "object" && !Array.isArray(value) ? value : {};
const asList = (value: XmlValue | undefined): XmlValue[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function parseUserMessage(base: MessageBase, msgType: string): UserMessage | undefined {
  const r = base.raw;
  const s = (name: string): string => textField(r, name) ?? "";
  const common = { ...base, msgId: s("MsgId") };
  switch (msgType) {
    case "text":
      return { ...common, type: "text", content: s("Content") };
    case "image":
      return { ...common, type: "image", picUrl: s("PicUrl"), mediaId: s("MediaId") };
    case "voice": {
      const recognition = textField(r, "Recognition");
      const optional = recognition === undefined ? {} : { recognition };
      return { ...common, type: "voice", mediaId: s("MediaId"), format: s("Format"), ...optional };
    }
    case "video":
    case "shortvideo":
      return { ...common, type: msgType, mediaId: s("MediaId"), thumbMediaId: s("ThumbMediaId") };
    case "location":
      return {
        ...common,
        type: "location",
        locationX: num(s("Location_X")),
        locationY: num(s("Location_Y")),
        scale: num(s("Scale")),
        label: s("Label"),
      };
    case "link":
      return { ...common, type: "link", title: s("Title"), description: s("Description"), url: s("Url") };
    default:
      return undefined;
  }
}

function parseEvent(base: MessageBase, event: EventName): InboundEvent {
  const r = base.raw;
  const s = (name: string): string => textField(r, name) ?? "";
  const opt = (key: string, name: string): Record<string, string> => {
    const value = textField(r, name);
    return value === undefined || value === "" ? {} : { [key]: value };
  };
  const e = { ...base, type: "event" as const };
  switch (event) {
    case "subscribe": {
      const eventKey = s("EventKey");
      // A QR-code subscription carries EventKey "qrscene_<scene>" and a Ticket.
      const scene = eventKey.startsWith("qrscene_") ? { scene: eventKey.slice("qrscene_".length) } : {};
      return { ...e, event, ...opt("eventKey", "EventKey"), ...scene, ...opt("ticket", "Ticket") };
    }
    case "unsubscribe":
      return { ...e, event };
    case "SCAN":
      return { ...e, event, eventKey: s("EventKey"), scene: s("EventKey"), ...opt("ticket", "Ticket") };
    case "LOCATION":
      const [latitude, longitude, precision] = [num(s("Latitude")), num(s("Longitude")), num(s("Precision"))];
      return { ...e, event, latitude, longitude, precision };
    case "CLICK":
      return { ...e, event, eventKey: s("EventKey") };
    case "VIEW":
      return { ...e, event, eventKey: s("EventKey"), url: s("EventKey"), ...opt("menuId", "MenuId") };
    case "view_miniprogram":
      return { ...e, event, eventKey: s("EventKey"), ...opt("menuId", "MenuId") };
    case "scancode_push":
    case "scancode_waitmsg": {
      const info = asRecord(r.ScanCodeInfo);
      const scanCodeInfo = {
        scanType: textField(info, "ScanType") ?? "",
        scanResult: textField(info, "ScanResult") ?? "",
      };
      return { ...e, event, eventKey: s("EventKey"), scanCodeInfo };
    }
    case "pic_sysphoto":
    case "pic_photo_or_album":
    case "pic_weixin": {
      const info = asRecord(r.SendPicsInfo);
      const picList = asList(asRecord(info.PicList).item).map((item) => ({
        picMd5Sum: textField(asRecord(item), "PicMd5Sum") ?? "",
      }));
      return { ...e, event, eventKey: s("EventKey"), sendPicsInfo: { count: num(textField(info, "Count")), picList } };
    }
    case "location_select": {
      const info = asRecord(r.SendLocationInfo);
      const f = (name: string): string => textField(info, name) ?? "";
      const sendLocationInfo = {
        locationX: num(f("Location_X")),
        locationY: num(f("Location_Y")),
        scale: num(f("Scale")),
        label: f("Label"),
        poiname: f("Poiname"),
      };
      return { ...e, event, eventKey: s("EventKey"), sendLocationInfo };
    }
    case "TEMPLATESENDJOBFINISH":
      return { ...e, event, msgId: textField(r, "MsgID") ?? s("MsgId"), status: s("Status") };
    case "MASSSENDJOBFINISH":
      return {
        ...e,
        event,
        msgId: textField(r, "MsgID") ?? s("MsgId"),
        status: s("Status"),
        totalCount: num(s("TotalCount")),
        filterCount: num(s("FilterCount")),
        sentCount: num(s("SentCount")),
        errorCount: num(s("ErrorCount")),
      };
  }
}

/**
 * Turns a parsed `<xml>` record into an {@link InboundMessage}. Never throws:
 * unknown types become `{ type: "unknown" }`, missing fields become "" (or NaN for numbers).
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html
 */
export function parseMessageRecord(record: XmlRecord): InboundMessage {
  const base: MessageBase = {
    toUserName: textField(record, "ToUserName") ?? "",
    fromUserName: textField(record, "FromUserName") ?? "",
    createTime: num(textField(record, "CreateTime")),
    raw: record,
  };
  const msgType = textField(record, "MsgType") ?? "";
  if (msgType === "event") {
    const rawEvent = textField(record, "Event") ?? "";
    const event = EVENT_BY_LOWER.get(rawEvent.toLowerCase());
    return event ? parseEvent(base, event) : { ...base, type: "unknown", msgType, event: rawEvent };
  }
  return parseUserMessage(base, msgType) ?? { ...base, type: "unknown", msgType };
}

/** Parses a plaintext push body; `null` when the XML itself is malformed (the webhook answers 400). */
export function parseMessage(xml: string, options?: XmlParseOptions): InboundMessage | null {
  const result = parseXml(xml, options);
  return result.ok ? parseMessageRecord(result.record) : null;
}

/**
 * Identifies a push across WeChat's retries: MsgId + FromUserName for messages,
 * FromUserName + CreateTime + Event + EventKey for events.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */
export function getDedupKey(msg: InboundMessage): string {
  const raw = msg.raw;
  const msgId = textField(raw, "MsgId") ?? "";
  // Openids, numbers and event names contain no "|", so the joined key is unambiguous enough.
  if (msg.type !== "event" && msgId !== "") return ["msg", msg.fromUserName, msgId].join("|");
  return [
    "event",
    msg.fromUserName,
    textField(raw, "CreateTime") ?? "",
    textField(raw, "MsgType") ?? "",
    textField(raw, "Event") ?? "",
    textField(raw, "EventKey") ?? "",
    // Job-finished events carry their job's MsgID: two jobs ending in the same second differ.
    textField(raw, "MsgID") ?? "",
  ].join("|");
}
