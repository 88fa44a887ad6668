/**
 * WECHATPAY2-SHA256-RSA2048: the request signature (merchant private key) and the answer and
 * notification signature (WeChat Pay's key), both SHA256withRSA (PKCS#1 v1.5) in base64 over
 * lines that each end with `\n`, the last one included. Messages are built as bytes, so the
 * body signed or verified is exactly the body sent or received.
 */
import { sign, verify, type KeyObject } from "node:crypto";

export const AUTHORIZATION_SCHEMA = "WECHATPAY2-SHA256-RSA2048";
/** WeChat Pay probes merchants with signatures starting so; they must fail verification. */
export const SIGNTEST_PREFIX = "WECHATPAY/SIGNTEST/";

type Bytes = Uint8Array | string;
const bytesOf = (value: Bytes): Buffer => (typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(value.buffer, value.byteOffset, value.byteLength));

/** `line\n` for each line, the body last, as one buffer. */
function joinLines(head: readonly string[], body: Bytes): Buffer {
  return Buffer.concat([Buffer.from(head.map((line) => `${line}\n`).join(""), "utf8"), bytesOf(body), Buffer.from("\n")]);
}

/**
 * `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n` — the URL without scheme and host, with its
 * query as sent; the body empty for GET.
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_0.shtml
 */
export function buildRequestMessage(method: string, pathWithQuery: string, timestamp: string, nonce: string, body: Bytes): Buffer {
  return joinLines([method, pathWithQuery, timestamp, nonce], body);
}

/**
 * `TIMESTAMP\nNONCE\nBODY\n` from the `Wechatpay-Timestamp` / `Wechatpay-Nonce` headers and
 * the raw body (a 204's empty body still ends with `\n`): answers and notifications alike.
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_1.shtml
 */
export function buildAnswerMessage(timestamp: string, nonce: string, body: Bytes): Buffer {
  return joinLines([timestamp, nonce], body);
}

/**
 * base64 SHA256withRSA (PKCS#1 v1.5, deterministic) of `message`.
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_0.shtml
 */
export function signSha256WithRsa(privateKey: KeyObject, message: Bytes): string {
  return sign("sha256", bytesOf(message), privateKey).toString("base64");
}

/**
 * True only for a well-formed base64 signature that verifies; never throws on bad input.
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_1.shtml
 */
export function verifySha256WithRsa(publicKey: KeyObject, message: Bytes, signature: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
  try {
    return verify("sha256", bytesOf(message), publicKey, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}

export interface AuthorizationParts {
  mchid: string;
  nonceStr: string;
  signature: string;
  /** Seconds since the epoch, as a string. */
  timestamp: string;
  /** The merchant API certificate's serial (商户API证书序列号). */
  serialNo: string;
}

/**
 * The Authorization header value. The five fields may come in any order; this is the order of
 * the documentation's example.
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_0.shtml
 */
export function formatAuthorization(parts: AuthorizationParts): string {
  const { mchid, nonceStr, signature, timestamp, serialNo } = parts;
  return `${AUTHORIZATION_SCHEMA} mchid="${mchid}",nonce_str="${nonceStr}",signature="${signature}",timestamp="${timestamp}",serial_no="${serialNo}"`;
}

export interface RequestToSign {
  method: string;
  pathWithQuery: string;
  body: Bytes;
  timestamp: string;
  nonce: string;
}

/**
 * Signs one request with the merchant key and returns its Authorization header value.
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_0.shtml
 */
export function signRequest(merchant: { mchid: string; serialNo: string; privateKey: KeyObject }, req: RequestToSign): string {
  const message = buildRequestMessage(req.method, req.pathWithQuery, req.timestamp, req.nonce, req.body);
  const signature = signSha256WithRsa(merchant.privateKey, message);
  return formatAuthorization({ mchid: merchant.mchid, nonceStr: req.nonce, signature, timestamp: req.timestamp, serialNo: merchant.serialNo });
}
