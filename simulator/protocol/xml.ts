/** Minimal XML helpers for WeChat's flat `<xml>` documents. */
import { XMLParser, XMLValidator } from "fast-xml-parser";

/** A field value: text (CDATA), a number or bigint (bare), or nested fields. */
export type XmlValue = string | number | bigint | XmlFields | XmlFields[];
export interface XmlFields {
  [name: string]: XmlValue | undefined;
}

/** Wraps text in CDATA, splitting any `]]>` across two sections. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}

function renderFields(fields: XmlFields): string {
  let out = "";
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      out += `<${name}>${value.map((item) => `<item>${renderFields(item)}</item>`).join("")}</${name}>`;
    } else if (typeof value === "object") {
      out += `<${name}>${renderFields(value)}</${name}>`;
    } else if (typeof value === "number" || typeof value === "bigint") {
      out += `<${name}>${value}</${name}>`;
    } else {
      out += `<${name}>${cdata(value)}</${name}>`;
    }
  }
  return out;
}

/** Renders `<xml>…</xml>`; numbers/bigints bare, strings in CDATA, arrays as `<item>`s. */
export function buildXml(fields: XmlFields): string {
  return `<xml>${renderFields(fields)}</xml>`;
}

/** A parsed document: every leaf is a string (MsgId must not lose precision). */
export type ParsedXml = Record<string, unknown>;

const parser = new XMLParser({
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  trimValues: true,
  ignoreDeclaration: true,
  isArray: (name) => name === "item",
});

/** Parses a `<xml>` document; null when it is not well-formed or has no `<xml>` root. */
export function parseXml(text: string): ParsedXml | null {
  if (!text.trim().startsWith("<")) return null;
  if (XMLValidator.validate(text) !== true) return null;
  try {
    const doc = parser.parse(text) as Record<string, unknown>;
    const root = doc.xml;
    if (root === "") return {};
    return root && typeof root === "object" && !Array.isArray(root) ? (root as ParsedXml) : null;
  } catch {
    return null;
  }
}

/** Reads a string leaf ('' when absent or not a string). */
export function textOf(doc: ParsedXml | undefined, name: string): string {
  const value = doc?.[name];
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}
