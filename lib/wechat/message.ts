import { ACCOUNT_EVENT_NAMES, parseAccountEvent, type AccountEvent, type AccountEventName } from "./message-account-events";
import { asList, asRecord, num } from "./message-fields";
import { JOB_EVENT_NAMES, nestedJobId, parseJobEvent, type JobEvent, type JobEventName } from "./message-job-events";
import type { MenuAndFollowEvent, MessageBase, UserMessage } from "./message-types";
import { parseXml, textField, type XmlParseOptions, type XmlRecord } from "./xml";

export type * from "./message-types";
export type * from "./message-job-events";
export type * from "./message-account-events";

export type InboundEvent = MenuAndFollowEvent | JobEvent | AccountEvent;
export type EventName = InboundEvent["event"];
type MenuAndFollowEventName = MenuAndFollowEvent["event"];

/** A MsgType or Event this module does not know: kept, never an error. */
export type UnknownMessage = MessageBase & { type: "unknown"; msgType: string; event?: string };

/**
 * Every inbound push: discriminate on `type`, then on `event` for events.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */
export type InboundMessage = UserMessage | InboundEvent | UnknownMessage;

const MENU_AND_FOLLOW_EVENT_NAMES: readonly MenuAndFollowEventName[] = [
  "subscribe", "unsubscribe", "SCAN", "LOCATION", "CLICK", "VIEW", "scancode_push", "scancode_waitmsg",
  "pic_sysphoto", "pic_photo_or_album", "pic_weixin", "location_select", "view_miniprogram",
];
/** Every event name the typed union covers. */
export const EVENT_NAMES: readonly EventName[] = [...MENU_AND_FOLLOW_EVENT_NAMES, ...JOB_EVENT_NAMES, ...ACCOUNT_EVENT_NAMES];
// WeChat's casing is inconsistent across event names (and has changed over time), so match case-insensitively.
const EVENT_BY_LOWER = new Map(EVENT_NAMES.map((name) => [name.toLowerCase(), name]));
const JOB_EVENTS = new Set<EventName>(JOB_EVENT_NAMES);
const ACCOUNT_EVENTS = new Set<EventName>(ACCOUNT_EVENT_NAMES);

function parseEvent(base: MessageBase, event: EventName): InboundEvent {
  if (JOB_EVENTS.has(event)) return parseJobEvent(base, event as JobEventName);
  if (ACCOUNT_EVENTS.has(event)) return parseAccountEvent(base, event as AccountEventName);
  return parseMenuAndFollowEvent(base, event as MenuAndFollowEventName);
}

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

function parseMenuAndFollowEvent(base: MessageBase, event: MenuAndFollowEventName): MenuAndFollowEvent {
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
  const jobId = nestedJobId(raw);
  return [
    "event",
    msg.fromUserName,
    textField(raw, "CreateTime") ?? "",
    textField(raw, "MsgType") ?? "",
    textField(raw, "Event") ?? "",
    textField(raw, "EventKey") ?? "",
    // Job-finished events carry their job's MsgID: two jobs ending in the same second differ.
    textField(raw, "MsgID") ?? "",
    // Jobs whose id is nested (publish_id, a sent notification's MsgID) add it; other keys stay as they were.
    ...(jobId === "" ? [] : [jobId]),
  ].join("|");
}
