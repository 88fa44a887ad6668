/** Field checks the template and subscribe-notification routes share. */

export const isText = (value: unknown): value is string => typeof value === "string" && value.trim() !== "";
export const isWebUrl = (value: unknown): boolean => typeof value === "string" && /^https?:\/\/\S+$/i.test(value);
/** Characters as WeChat counts them (an emoji or 汉字 is one). */
export const chars = (text: string): number => [...text].length;

/** A numeric message id that JSON numbers carry exactly. */
export function newNumericMsgId(): string {
  return String(1_000_000_000 + Math.floor(Math.random() * 8_000_000_000));
}
