/**
 * The parameters of `WeixinJSBridge.invoke('getBrandWCPayRequest', …)` (JSAPI调起支付),
 * signed with the merchant key over `appId\ntimeStamp\nnonceStr\npackage\n`.
 *
 * Note the capital S: the bridge takes `timeStamp`; the JS-SDK's `wx.chooseWXPay` takes the
 * same value as `timestamp` (lower case) — a renamed copy, not a different signature. The
 * bridge's `ok` answer is not proof of payment: only a verified notification or a query is.
 *
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter5_1_8.shtml
 */
import type { KeyObject } from "node:crypto";
import { WeChatPayValidationError } from "./errors";
import { createNonce, defaultRandomBytes } from "./nonce";
import { signSha256WithRsa } from "./signature";
import type { Clock, RandomBytes } from "./types";

export interface JsapiPayParams {
  appId: string;
  /** Seconds since the epoch, as a string. */
  timeStamp: string;
  nonceStr: string;
  /** `prepay_id=…` */
  package: string;
  signType: "RSA";
  paySign: string;
}

/**
 * `appId\ntimeStamp\nnonceStr\npackage\n` — signType does not take part.
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter5_1_8.shtml
 */
export function buildPaySignMessage(appId: string, timeStamp: string, nonceStr: string, pkg: string): string {
  return `${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`;
}

export interface JsapiPayOptions {
  appId: string;
  prepayId: string;
  privateKey: KeyObject;
  clock?: Clock;
  randomBytes?: RandomBytes;
}

/**
 * The signed parameters for the WeChat browser's pay sheet.
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter5_1_8.shtml
 */
export function buildJsapiPayParams(options: JsapiPayOptions): JsapiPayParams {
  if (!/^[\x21-\x7e]{1,64}$/.test(options.prepayId)) throw new WeChatPayValidationError("prepay_id", "prepay_id: the value the JSAPI order returned");
  const timeStamp = String(Math.floor((options.clock ?? Date.now)() / 1000));
  const nonceStr = createNonce(options.randomBytes ?? defaultRandomBytes);
  const pkg = `prepay_id=${options.prepayId}`;
  const paySign = signSha256WithRsa(options.privateKey, buildPaySignMessage(options.appId, timeStamp, nonceStr, pkg));
  return { appId: options.appId, timeStamp, nonceStr, package: pkg, signType: "RSA", paySign };
}
