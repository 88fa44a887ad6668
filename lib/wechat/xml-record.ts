/**
 * What a parsed WeChat XML document is, shared by both readers (xml-flat.ts, xml.ts): the
 * record type, the element names accepted, and how a repeated element is collected.
 */

/** A parsed element: text (always a string — MsgId is a 64-bit number), a nested record, or repeated siblings. */
export type XmlValue = string | XmlRecord | Array<string | XmlRecord>;
export interface XmlRecord {
  [name: string]: XmlValue;
}

export const XML_NAME = /^[A-Za-z_][\w.-]*$/;
export const FORBIDDEN_NAMES = new Set(["__proto__", "constructor", "prototype"]);

/** Adds an element's value to its parent's record: a repeated name becomes an array. */
export function addValue(record: XmlRecord, name: string, value: string | XmlRecord): void {
  if (!Object.hasOwn(record, name)) {
    record[name] = value;
    return;
  }
  const existing = record[name] as XmlValue;
  if (Array.isArray(existing)) existing.push(value);
  else record[name] = [existing, value];
}
