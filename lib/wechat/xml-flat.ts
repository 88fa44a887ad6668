/**
 * The shape WeChat actually sends, read in one pass: `<xml>`, then elements holding one CDATA
 * section, plain text or further elements, whitespace only between elements. Anything else —
 * attributes, comments, declarations, entities, mixed content, CR, control characters, a name
 * outside the usual — returns `undefined`, and xml.ts parses the document with fast-xml-parser
 * and its validator as before (accepting or refusing it). For documents read here, the result
 * equals that path's (xml-flat.test.ts compares the two on generated documents).
 *
 * Why: validator plus parser cost 35 µs for a typical push, about a seventh of the self-hosted
 * fast entry's CPU per push (twice that in safe mode, which parses two documents); this pass
 * costs a few µs (docs/benchmarks.md).
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */
import { addValue, FORBIDDEN_NAMES, XML_NAME, type XmlRecord } from "./xml-record";

// CR (XML normalises line ends) and the code points XML 1.0 forbids: left to the full parser.
const UNUSUAL = /[\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
// Text that the full parser would decode, trim or refuse: entities, markup characters, edge whitespace.
const PLAIN_TEXT = /^(?:[^\s<>&](?:[^<>&]*[^\s<>&])?)?$/;
const CDATA_OPEN = "<![CDATA[";
const CDATA_CLOSE = "]]>";

/** Thrown inside the pass when the document leaves the shape; caught at the top. */
const OUTSIDE = Symbol("outside the flat shape");

const isSpace = (code: number) => code === 32 || code === 10 || code === 9;

function skipSpace(xml: string, at: number): number {
  while (at < xml.length && isSpace(xml.charCodeAt(at))) at++;
  return at;
}

/** Reads `<Name>` at `at`; returns the name and the index after `>`. */
function openTag(xml: string, at: number): { name: string; after: number } {
  const close = xml.indexOf(">", at + 1);
  if (close === -1) throw OUTSIDE;
  const name = xml.slice(at + 1, close);
  // Names of Object.prototype's members: fast-xml-parser renames them (`__toString`); its call.
  if (!XML_NAME.test(name) || FORBIDDEN_NAMES.has(name) || name in Object.prototype) throw OUTSIDE;
  return { name, after: close + 1 };
}

/** Expects `</name>` at `at`; returns the index after it. */
function closeTag(xml: string, at: number, name: string): number {
  if (!xml.startsWith(`</${name}>`, at)) throw OUTSIDE;
  return at + name.length + 3;
}

/** The content of element `name` from `at` (after its open tag); returns it and the index after its close tag. */
function content(xml: string, at: number, name: string, depth: number, maxDepth: number): { value: string | XmlRecord; after: number } {
  if (xml.startsWith(CDATA_OPEN, at)) {
    const end = xml.indexOf(CDATA_CLOSE, at + CDATA_OPEN.length);
    if (end === -1) throw OUTSIDE;
    return { value: xml.slice(at + CDATA_OPEN.length, end), after: closeTag(xml, end + CDATA_CLOSE.length, name) };
  }
  const next = skipSpace(xml, at);
  if (xml.charCodeAt(next) === 60 /* < */ && xml.charCodeAt(next + 1) !== 47 /* / */) {
    if (depth > maxDepth) throw OUTSIDE; // the full parser refuses it
    return children(xml, next, name, depth, maxDepth);
  }
  const lt = xml.indexOf("<", at);
  if (lt === -1) throw OUTSIDE;
  const text = xml.slice(at, lt);
  if (!PLAIN_TEXT.test(text)) throw OUTSIDE;
  return { value: text, after: closeTag(xml, lt, name) };
}

/** Elements from `at` until `</parent>`; `depth` is their nesting level (`<xml>`'s children: 2). */
function children(xml: string, at: number, parent: string, depth: number, maxDepth: number): { value: XmlRecord; after: number } {
  const record: XmlRecord = {};
  for (;;) {
    at = skipSpace(xml, at);
    if (xml.charCodeAt(at) !== 60 /* < */) throw OUTSIDE;
    if (xml.charCodeAt(at + 1) === 47 /* / */) return { value: record, after: closeTag(xml, at, parent) };
    const { name, after } = openTag(xml, at);
    const inner = content(xml, after, name, depth + 1, maxDepth);
    addValue(record, name, inner.value);
    at = inner.after;
  }
}

/** The record of a document in WeChat's flat shape, or `undefined` for the full parser to decide. */
export function parseFlatXml(xml: string, maxDepth: number): XmlRecord | undefined {
  if (maxDepth < 2 || UNUSUAL.test(xml)) return undefined;
  const start = skipSpace(xml, 0);
  if (!xml.startsWith("<xml>", start)) return undefined;
  try {
    const { value, after } = children(xml, start + 5, "xml", 2, maxDepth);
    return skipSpace(xml, after) === xml.length ? value : undefined;
  } catch (error) {
    if (error === OUTSIDE) return undefined;
    throw error;
  }
}
