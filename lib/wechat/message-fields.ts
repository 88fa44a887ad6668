/** Small readers for parsed push fields, shared by the event parsers. Missing numbers are NaN, missing text "". */
import { textField, type XmlRecord, type XmlValue } from "./xml";

export const num = (value: string | undefined): number =>
  value === undefined || value.trim() === "" ? Number.NaN : Number(value);
export const asRecord = (value: XmlValue | undefined): XmlRecord =>
  value !== undefined && typeof value === "object" && !Array.isArray(value) ? value : {};
export const asList = (value: XmlValue | undefined): XmlValue[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
export const str = (record: XmlRecord, name: string): string => textField(record, name) ?? "";
export const numField = (record: XmlRecord, name: string): number => num(textField(record, name));
