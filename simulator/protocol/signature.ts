/**
 * The simulator's own signature code, written from the protocol notes (not
 * imported from the app's lib/) so that both sides are checked independently
 * against the published vectors.
 */
import { createHash, timingSafeEqual } from "node:crypto";

/** Lowercase hex SHA-1 of a UTF-8 string. */
export function sha1Hex(input: string): string {
  return createHash("sha1").update(input, "utf8").digest("hex");
}

/**
 * WeChat's push signature: sha1 over the lexicographically sorted values
 * joined without separator. Three values (token, timestamp, nonce) for
 * `signature`, four (plus Encrypt or echostr) for `msg_signature`.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
export function signValues(...values: string[]): string {
  return sha1Hex([...values].sort().join(""));
}

/** Parameters of a JS-SDK page signature. */
export interface JsapiSignatureInput {
  ticket: string;
  nonceStr: string;
  timestamp: string;
  url: string;
}

/**
 * JS-SDK signature: keys in this fixed order, raw (unencoded) values, the
 * URL without its `#fragment`.
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html#62
 */
export function signJsapi(input: JsapiSignatureInput): string {
  const url = input.url.split("#")[0] ?? "";
  return sha1Hex(
    `jsapi_ticket=${input.ticket}&noncestr=${input.nonceStr}&timestamp=${input.timestamp}&url=${url}`,
  );
}

/** Constant-time string comparison (false for different lengths). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}
