/**
 * Arbitraries for well-formed pushes of every message and event type, and for
 * the replies a bot may give. Values are hostile (unicode, `]]>`, `<`, `&`,
 * emoji, control characters, very long) but the XML around them is what
 * WeChat sends, so every one of these must reach the handler and get a 200.
 */
import fc from "fast-check";
import type { Reply } from "@wxmp/wechat/reply";
import { cdata, type Behaviour } from "./harness";

/** Fragments that broke XML handling somewhere before (declarations in CDATA: regressions.test.ts, bug 1). */
export const NASTY = [
  "]]>", "]]", "]", "<", ">", "&", "&amp;", "&#x26;", "&lt;", "<![CDATA[", "<xml>", "</xml>", "<a>", '"', "'",
  "😀", "👨‍👩‍👧", "中文", "\u0000", "\u0001", "\u001F", "\uFFFE", "\uFFFF", "\r\n", "\r", "\n", "\t", " ", "|",
  "\u202E", "\u200B", "\u2028", "\\", "--", "<!--", "-->", "<?x?>", "qrscene_", "success", "%00", "${x}", "__proto__", "<!DOCTYPE html>", "<!ENTITY", "<!doctype",
];

/** XML 1.0 normalises line ends inside documents (CDATA included), so "\r\n" and "\r" read back as "\n". */
export const normalizeNewlines = (s: string): string => s.replace(/\r\n?/g, "\n");
// The reply builder drops the code points XML 1.0 forbids (see toCData in xml.ts).
const ILLEGAL_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
/** What a string in a reply reads back as. */
export const replyText = (s: string): string => normalizeNewlines(s.replace(ILLEGAL_XML, ""));

// fast-check builds a 1.1M-entry reverse map (~0.5 s) for each "binary" unit it creates: create one and share it.
const binaryChar = fc.string({ unit: "binary", minLength: 1, maxLength: 1 });
/** Any code points (no lone surrogates), control characters included. */
export const binaryString = (maxLength: number, minLength = 0): fc.Arbitrary<string> => fc.string({ unit: binaryChar, minLength, maxLength });
const binaryBits = binaryString(3);
const nastyCache = new Map<number, fc.Arbitrary<string>>();

export function nastyText(maxLength = 40): fc.Arbitrary<string> {
  const cached = nastyCache.get(maxLength);
  if (cached) return cached;
  const arbitrary = fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: "grapheme", maxLength }) },
    { weight: 4, arbitrary: fc.array(fc.oneof(fc.constantFrom(...NASTY), binaryBits), { maxLength: 12 }).map((a) => a.join("")) },
    // Very long values; bounded so that six of them, `]]>`-split and base64-sealed, stay under the 1 MiB limit.
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...NASTY, "a", "中"), fc.integer({ min: 1000, max: 20_000 })).map(([s, n]) => s.repeat(Math.ceil(n / s.length))) },
  );
  nastyCache.set(maxLength, arbitrary);
  return arbitrary;
}

/** Numbers as WeChat sends them, and as it never should: huge, negative, float, NaN, blank. */
export const numText: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 31 }).map(String),
  fc.bigInt({ min: 0n, max: 10n ** 25n }).map(String),
  fc.double().map(String),
  fc.constantFrom("99999999999999999999999", "-1", "-0", "1.5", "NaN", "Infinity", "", "1e400", "0x1F", "１２３"),
);

/** An element: text in CDATA (as WeChat sends strings), bare (numbers), or children. */
export type XmlNode = { name: string; text?: string; bare?: boolean; children?: XmlNode[] };
const escapeText = (s: string): string => s.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));

export function renderNode(node: XmlNode, sep: string): string {
  const inner = node.children
    ? node.children.map((c) => renderNode(c, sep)).join(sep)
    : node.bare
      ? escapeText(node.text ?? "")
      : cdata(node.text ?? "");
  return `<${node.name}>${inner}</${node.name}>`;
}

const str = (name: string, max?: number) => nastyText(max).map((text): XmlNode => ({ name, text }));
const num = (name: string) => numText.map((text): XmlNode => ({ name, text, bare: true }));
const group = (name: string, ...children: Array<fc.Arbitrary<XmlNode>>) =>
  fc.tuple(...children).map((c): XmlNode => ({ name, children: c }));
const optional = (a: fc.Arbitrary<XmlNode>) => fc.option(a, { nil: undefined });

/** The body of a push, less the four common fields and the sender (set per delivery so pushes stay distinct). */
export type PushSpec = { msgType: string; event?: string; nodes: XmlNode[]; from: string; to: string; createTime: string; layout: { sep: string; declaration: boolean } };

const KNOWN_TYPES = ["text", "image", "voice", "video", "shortvideo", "location", "link", "event"];
const KNOWN_EVENTS = [
  "subscribe", "unsubscribe", "scan", "location", "click", "view", "scancode_push", "scancode_waitmsg", "pic_sysphoto",
  "pic_photo_or_album", "pic_weixin", "location_select", "view_miniprogram", "templatesendjobfinish", "masssendjobfinish",
  "subscribe_msg_popup_event", "subscribe_msg_change_event", "subscribe_msg_sent_event", "publishjobfinish", "qualification_verify_success", "qualification_verify_fail", "naming_verify_success",
  "naming_verify_fail", "annual_renew", "verify_expired", "kf_create_session", "kf_close_session", "kf_switch_session",
];
// Common fields are set by pushXml; the prototype names are refused by parseXml on purpose (hostile set).
const RESERVED = new Set(["ToUserName", "FromUserName", "CreateTime", "MsgType", "MsgId", "Event", "__proto__", "constructor", "prototype"]);
const elementName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,12}$/).filter((n) => !RESERVED.has(n));
const unknownNodes: fc.Arbitrary<XmlNode[]> = fc.array(
  fc.oneof(
    elementName.chain((name) => str(name)),
    fc.tuple(elementName, fc.array(elementName.chain((n) => str(n, 8)), { maxLength: 3 })).map(([name, children]): XmlNode => ({ name, children })),
  ),
  { maxLength: 4 },
);

const body = (msgType: string, nodes: fc.Arbitrary<Array<XmlNode | undefined>>, event?: string) =>
  nodes.map((n) => ({ msgType, event, nodes: n.filter((x): x is XmlNode => x !== undefined) }));
const message = (type: string, ...fields: Array<fc.Arbitrary<XmlNode | undefined>>) =>
  body(type, fc.tuple(...fields, num("MsgId")));
const event = (name: string, ...fields: Array<fc.Arbitrary<XmlNode | undefined>>) =>
  body("event", fc.tuple(fc.constant<XmlNode>({ name: "Event", text: name }), ...fields), name);
const eventKey = str("EventKey");
const picItem = group("item", str("PicMd5Sum"));

/** Every message and event type of §2, plus unknown types and unknown events. */
export const pushBody = fc.oneof(
  message("text", str("Content", 200)),
  message("image", str("PicUrl"), str("MediaId")),
  message("voice", str("MediaId"), str("Format"), optional(str("Recognition"))),
  message("video", str("MediaId"), str("ThumbMediaId")),
  message("shortvideo", str("MediaId"), str("ThumbMediaId")),
  message("location", num("Location_X"), num("Location_Y"), num("Scale"), str("Label")),
  message("link", str("Title"), str("Description"), str("Url")),
  event("subscribe", optional(nastyText().map((s): XmlNode => ({ name: "EventKey", text: `qrscene_${s}` }))), optional(str("Ticket"))),
  event("unsubscribe"),
  event("SCAN", eventKey, str("Ticket")),
  event("LOCATION", num("Latitude"), num("Longitude"), num("Precision")),
  event("CLICK", eventKey),
  event("VIEW", eventKey, optional(num("MenuId"))),
  event("scancode_push", eventKey, group("ScanCodeInfo", str("ScanType"), str("ScanResult"))),
  event("scancode_waitmsg", eventKey, group("ScanCodeInfo", str("ScanType"), str("ScanResult"))),
  event("pic_sysphoto", eventKey, fc.tuple(num("Count"), fc.array(picItem, { maxLength: 4 })).map(([count, items]): XmlNode => ({ name: "SendPicsInfo", children: [count, { name: "PicList", children: items }] }))),
  event("pic_weixin", eventKey, group("SendPicsInfo", num("Count"), group("PicList", picItem))),
  event("location_select", eventKey, group("SendLocationInfo", num("Location_X"), num("Location_Y"), num("Scale"), str("Label"), str("Poiname"))),
  event("view_miniprogram", eventKey, optional(num("MenuId"))),
  event("TEMPLATESENDJOBFINISH", num("MsgID"), str("Status")),
  event("MASSSENDJOBFINISH", num("MsgID"), str("Status"), num("TotalCount"), num("FilterCount"), num("SentCount"), num("ErrorCount")),
  fc.tuple(nastyText().filter((t) => !KNOWN_TYPES.includes(t)), unknownNodes, fc.boolean()).map(([msgType, nodes, withId]) => ({
    msgType,
    event: undefined,
    nodes: withId ? [...nodes, { name: "MsgId", text: "4242", bare: true }] : nodes,
  })),
  fc.tuple(nastyText().filter((e) => !KNOWN_EVENTS.includes(e.toLowerCase())), unknownNodes).map(([name, nodes]) => ({
    msgType: "event",
    event: name,
    nodes: [{ name: "Event", text: name }, ...nodes],
  })),
);

export const pushSpec: fc.Arbitrary<PushSpec> = fc.record({
  body: pushBody,
  from: nastyText(30),
  to: fc.oneof(fc.constant("gh_fuzzaccount"), nastyText(30)),
  createTime: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }).map(String) }, numText),
  layout: fc.record({ sep: fc.constantFrom("", "\n", "\n  ", " \t"), declaration: fc.boolean() }),
}).map(({ body: b, ...rest }) => ({ ...b, ...rest }));

/** The sender of delivery `index`: a unique prefix keeps distinct pushes distinct under any dedup key. */
export const senderOf = (spec: PushSpec, index: number): string => `o${index}-${spec.from}`;
export const indexOfSender = (from: string): number => Number(/^o(\d+)-/.exec(from)?.[1] ?? -1);

export function pushXml(spec: PushSpec, index: number): string {
  const nodes: XmlNode[] = [
    { name: "ToUserName", text: spec.to },
    { name: "FromUserName", text: senderOf(spec, index) },
    { name: "CreateTime", text: spec.createTime, bare: true },
    { name: "MsgType", text: spec.msgType },
    ...spec.nodes,
  ];
  const { sep, declaration } = spec.layout;
  const prolog = declaration ? '<?xml version="1.0" encoding="UTF-8"?>\n' : "";
  return `${prolog}<xml>${sep}${nodes.map((n) => renderNode(n, sep)).join(sep)}${sep}</xml>`;
}

const t = (max?: number) => nastyText(max);
const maybe = (max?: number) => fc.option(nastyText(max), { nil: undefined });
export const replyArb: fc.Arbitrary<Reply> = fc.oneof(
  t(300).map((content): Reply => ({ type: "text", content })),
  t().map((mediaId): Reply => ({ type: "image", mediaId })),
  t().map((mediaId): Reply => ({ type: "voice", mediaId })),
  fc.record({ mediaId: t(), title: maybe(), description: maybe() }).map((v): Reply => ({ type: "video", ...v })),
  fc.record({ thumbMediaId: t(), title: maybe(), description: maybe(), musicUrl: maybe(), hqMusicUrl: maybe() }).map((v): Reply => ({ type: "music", ...v })),
  fc.record({ title: t(), description: maybe(), picUrl: maybe(), url: maybe() }).map((article): Reply => ({ type: "news", article })),
  maybe().map((kfAccount): Reply => ({ type: "transfer_customer_service", kfAccount })),
);

/** What the bot does with a push: reply, say nothing, or fail — after a few event-loop turns. */
export const behaviourArb: fc.Arbitrary<Behaviour> = fc.record({
  outcome: fc.oneof(
    { weight: 6, arbitrary: replyArb.map((reply) => ({ reply })) },
    { weight: 2, arbitrary: fc.constant({ reply: null }) },
    { weight: 1, arbitrary: fc.constant({ throws: true as const }) },
  ),
  ticks: fc.nat(4),
});
