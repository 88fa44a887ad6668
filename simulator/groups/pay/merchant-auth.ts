/**
 * Who is calling WeChat Pay: the merchant's `Authorization: WECHATPAY2-SHA256-RSA2048 …` header,
 * checked as WeChat Pay checks it — a merchant it knows (MCH_NOT_EXISTS), the serial of that
 * merchant's API certificate, a timestamp within 5 minutes, and SHA256withRSA over
 * `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n` with the path exactly as sent (SIGN_ERROR).
 * @see https://pay.weixin.qq.com/docs/merchant/development/interface-rules/signature-generation.html
 */
import { parseAuthorization, requestSigningString, verifySha256Rsa } from "../../protocol/wechatpay-crypto";
import type { Merchant } from "./merchant";
import { payError, type PayError } from "./pay-errors";
import type { PayState } from "./pay-state";

/** WeChat Pay refuses a request signed more than this far from its clock. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export interface SignedRequest {
  method: string;
  /** The request target as sent: path and query, not normalized (the merchant signed these bytes). */
  target: string;
  authorization: string | undefined;
  body: string;
}

/** The merchant, or WeChat Pay's error (with the merchant when known, so the error is signed). */
export type AuthResult = { merchant: Merchant } | { error: PayError; merchant?: Merchant };

const signError = (message: string, detail?: Record<string, unknown>): PayError => payError("SIGN_ERROR", message, detail);

export function authenticate(pay: PayState, request: SignedRequest): AuthResult {
  const auth = parseAuthorization(request.authorization);
  if (!auth) return { error: signError("Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》", { location: "authorization" }) };
  const merchant = pay.merchants.get(auth.mchid);
  if (!merchant) return { error: payError("MCH_NOT_EXISTS", `商户号 ${auth.mchid} 不存在`) };
  const key = merchant.merchantKey(auth.serial_no);
  if (!key) return { merchant, error: signError("商户证书序列号有误。请使用签名私钥匹配的证书序列号", { location: "authorization", field: "serial_no" }) };
  const timestamp = Number(auth.timestamp);
  if (!/^\d{1,12}$/.test(auth.timestamp) || Math.abs(pay.now() / 1000 - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
    return { merchant, error: signError("Authorization 中的 timestamp 与微信支付服务器时间相差超过 5 分钟", { location: "authorization", field: "timestamp" }) };
  }
  const message = requestSigningString(request.method, request.target, auth.timestamp, auth.nonce_str, request.body);
  if (!verifySha256Rsa(message, auth.signature, key)) {
    // As WeChat Pay does: say what it verified, so the developer can diff it with what they signed.
    const signInformation = { method: request.method, url: request.target, sign_message_length: Buffer.byteLength(message), truncated_sign_message: message.slice(0, 120) };
    return { merchant, error: signError("签名错误，请检查后再试", { location: "authorization", field: "signature", detail: { issue: "sign not match" }, sign_information: signInformation }) };
  }
  return { merchant };
}
