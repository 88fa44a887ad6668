import { XMLParser, XMLValidator } from "fast-xml-parser";
import { parseFlatXml } from "./xml-flat";
import { addValue, FORBIDDEN_NAMES, XML_NAME, type XmlRecord } from "./xml-record";

export type { XmlRecord, XmlValue } from "./xml-record";

/** Malformed input is an expected outcome of a public endpoint, so it is a value, not an exception. */
export type XmlParseResult = { ok: true; record: XmlRecord } | { ok: false; reason: string };

export type XmlParseOptions = {
  /** Longest document accepted, in characters. Default 1 MiB. */
  maxLength?: number;
  /** Deepest element nesting accepted, `<xml>` included. Default 10 (WeChat uses at most 5). */
  maxDepth?: number;
};

type OrderedNode = Record<string, unknown>;

const TEXT = "#text";
const CDATA = "#cdata";
// The five predefined XML entities and character references; DOCTYPE-defined entities are refused outright.
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const DECLARATION = /^<!(?:DOCTYPE|ENTITY)/i;
const ANY_DECLARATION = /<!(?:DOCTYPE|ENTITY)/i;
// Sections whose content is not markup: a "<!DOCTYPE" inside them is text.
const OPAQUE: ReadonlyArray<readonly [string, string]> = [
  ["<![CDATA[", "]]>"],
  ["<!--", "-->"],
  ["<?", "?>"],
];

/**
 * Whether the document declares a DOCTYPE or ENTITY as markup. One linear pass: a regex
 * that skips sections rescans the rest of the body from every unterminated opener, which
 * a 1 MiB body of "<?" turns into minutes of blocked event loop.
 */
function hasDeclaration(xml: string): boolean {
  // Nearly every push has none anywhere: one scan settles it before the section-aware walk.
  if (!ANY_DECLARATION.test(xml)) return false;
  for (let at = xml.indexOf("<"); at !== -1; ) {
    const opaque = OPAQUE.find(([open]) => xml.startsWith(open, at));
    if (!opaque) {
      if (DECLARATION.test(xml.slice(at, at + 9))) return true;
      at = xml.indexOf("<", at + 1);
      continue;
    }
    const close = xml.indexOf(opaque[1], at + opaque[0].length);
    if (close === -1) return false; // unterminated: the validator refuses the document
    at = xml.indexOf("<", close + opaque[1].length);
  }
  return false;
}
// XML 1.0 forbids these code points everywhere, CDATA included.
const ILLEGAL_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function decodeEntities(text: string): string {
  return text.replace(ENTITY, (match, name?: string, dec?: string, hex?: string) => {
    if (name) return NAMED[name] ?? match;
    const code = dec ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? "", 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
  });
}

function childrenOf(node: OrderedNode, name: string): OrderedNode[] {
  const value = node[name];
  return Array.isArray(value) ? (value as OrderedNode[]) : [];
}

function cdataText(node: OrderedNode): string {
  return childrenOf(node, CDATA)
    .map((t) => String(t[TEXT] ?? ""))
    .join("");
}

/** Converts the content of one element; `depth` is the nesting level of its child elements. */
function convert(children: OrderedNode[], depth: number, maxDepth: number): string | XmlRecord {
  const elements = children.filter((c) => !(TEXT in c) && !(CDATA in c));
  if (elements.length > 0 && depth > maxDepth) throw new Error("too deeply nested");
  if (elements.length === 0) {
    // A leaf: concatenate text (entity-decoded) and CDATA (verbatim) in document order.
    return children
      .map((c) => (TEXT in c ? decodeEntities(String(c[TEXT])) : cdataText(c)))
      .join("");
  }
  const record: XmlRecord = {};
  for (const element of elements) {
    const name = Object.keys(element).find((k) => k !== ":@");
    if (name === undefined) continue;
    if (FORBIDDEN_NAMES.has(name)) throw new Error(`forbidden element name`);
    addValue(record, name, convert(childrenOf(element, name), depth + 1, maxDepth));
  }
  return record;
}

// Building an XMLParser resolves its options every time (1.6 % of the fast entry's CPU in a
// profile); `parse` keeps no state between calls, so one parser per depth limit is reused.
const parsers = new Map<number, XMLParser>();
function parserFor(maxDepth: number): XMLParser {
  let parser = parsers.get(maxDepth);
  if (!parser) {
    parser = new XMLParser({
      preserveOrder: true,
      cdataPropName: CDATA,
      processEntities: false,
      parseTagValue: false,
      ignoreAttributes: true,
      ignoreDeclaration: true,
      ignorePiTags: true,
      maxNestedTags: maxDepth,
    });
    parsers.set(maxDepth, parser);
  }
  return parser;
}

/**
 * Parses a WeChat `<xml>…</xml>` push into a record of strings. Refuses DOCTYPE
 * and ENTITY declarations (no entity expansion of any kind), attributes are
 * ignored, numbers stay strings, repeated elements become arrays.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */
export function parseXml(xml: string, options: XmlParseOptions = {}): XmlParseResult {
  const maxLength = options.maxLength ?? 1024 * 1024;
  const maxDepth = options.maxDepth ?? 10;
  if (xml.length > maxLength) return { ok: false, reason: "document too large" };
  // WeChat's usual shape in one pass (xml-flat.ts); everything else through fast-xml-parser.
  const flat = parseFlatXml(xml, maxDepth);
  return flat ? { ok: true, record: flat } : parseWithValidator(xml, maxDepth);
}

/** Validator, then parser: the path for any document outside the flat shape (exported for xml-flat.test.ts). */
export function parseWithValidator(xml: string, maxDepth: number): XmlParseResult {
  // Declarations are markup only outside CDATA, comments and processing instructions: a user
  // who types "<!DOCTYPE html>" into the chat sends it inside CDATA and must reach the bot.
  if (hasDeclaration(xml)) {
    return { ok: false, reason: "DOCTYPE and ENTITY declarations are not allowed" };
  }
  if (xml.trim() === "") return { ok: false, reason: "empty document" };
  const validation = XMLValidator.validate(xml);
  if (validation !== true) return { ok: false, reason: `malformed XML: ${validation.err.msg}` };
  try {
    const roots = (parserFor(maxDepth).parse(xml) as OrderedNode[]).filter((n) => !(TEXT in n));
    const root = roots[0];
    if (roots.length !== 1 || root === undefined || !("xml" in root)) {
      return { ok: false, reason: "the document element must be <xml>" };
    }
    const value = convert(childrenOf(root, "xml"), 2, maxDepth);
    return { ok: true, record: typeof value === "string" ? {} : value };
  } catch (error) {
    return { ok: false, reason: `malformed XML: ${error instanceof Error ? error.message : "unknown error"}` };
  }
}

/** Reads a text field of a record; nested records or missing elements give `undefined`. */
export function textField(record: XmlRecord, name: string): string | undefined {
  const value = record[name];
  if (typeof value === "string") return value;
  // A repeated text element: WeChat never sends one, keep the first rather than fail.
  if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  return undefined;
}

/**
 * Wraps text in CDATA. A `]]>` inside the text would end the section early, so
 * it is split across two sections; characters XML 1.0 forbids are dropped.
 */
export function toCData(text: string): string {
  return `<![CDATA[${text.replace(ILLEGAL_XML_CHARS, "").replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
}

export type XmlBuildValue = string | number | XmlBuildRecord | readonly XmlBuildRecord[] | undefined;
export interface XmlBuildRecord {
  readonly [name: string]: XmlBuildValue;
}

function buildElement(name: string, value: XmlBuildValue): string {
  if (value === undefined) return "";
  if (!XML_NAME.test(name)) throw new Error(`invalid XML element name: ${name}`);
  if (Array.isArray(value)) return value.map((item: XmlBuildRecord) => buildElement(name, item)).join("");
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`element ${name} is not a finite number`);
    // Numbers (CreateTime, ArticleCount) go out bare, as WeChat's own samples do.
    return `<${name}>${value}</${name}>`;
  }
  if (typeof value === "string") return `<${name}>${toCData(value)}</${name}>`;
  const inner = Object.entries(value as XmlBuildRecord)
    .map(([child, childValue]) => buildElement(child, childValue))
    .join("");
  return `<${name}>${inner}</${name}>`;
}

/**
 * Serialises a reply: strings in CDATA, numbers bare, nested records as
 * elements, arrays as repeated elements, `undefined` omitted.
 */
export function buildXml(record: XmlBuildRecord, rootName = "xml"): string {
  return buildElement(rootName, record);
}
