/**
 * An account's own WeChat Pay merchant, checked as `npm run doctor` checks the env's (pay.ts):
 * the keys load (the private key is RSA, the serial 40 hex, the APIv3 key 32 characters, the
 * public key id well-formed and its key RSA), then one harmless signed call — a query for an
 * order that cannot exist, whose ORDER_NOT_EXIST proves WeChat Pay accepted our signature and
 * whose signed answer proves we can verify theirs. Every line says what to do, in Chinese first.
 */
import { createPrivateKey, createPublicKey } from "node:crypto";
import { createWeChatPayClient } from "@wxmp/wechatpay/client";
import { WeChatPayApiError, WeChatPayError, WeChatPayTimeoutError, WeChatPayVerificationError } from "@wxmp/wechatpay/errors";
import type { FetchLike } from "@wxmp/wechatpay/types";
import { fail, ok, warn, type CheckResult } from "./report";

export interface MerchantToCheck {
  mchid: string;
  merchantSerial: string;
  privateKey: string;
  apiV3Key: string;
  publicKey: { id: string; pem: string } | undefined;
}

export interface MerchantCheckOptions {
  appId: string;
  apiBaseUrl: string;
  /** The address this merchant's notifications go to (APP_URL/api/pay/notify/{mchid}). */
  notifyUrl: string;
  fetch?: FetchLike;
  timeoutMs: number;
}

const PROBE_ORDER = "DOCTOR0PROBE0NOT0AN0ORDER";
const NAME = "wechat pay merchant";

const isRsa = (load: () => { asymmetricKeyType?: string }): boolean => {
  try {
    return load().asymmetricKeyType === "rsa";
  } catch {
    return false;
  }
};

/** The formats and keys, before any call: null when they are usable. */
export function merchantKeyProblem(m: MerchantToCheck): CheckResult | null {
  if (!/^[0-9]{1,32}$/.test(m.mchid)) return fail(NAME, "商户号应为数字", "the merchant number must be digits");
  if (!/^[0-9A-Fa-f]{40}$/.test(m.merchantSerial)) return fail(NAME, "商户API证书序列号应为 40 位十六进制", "the merchant certificate serial must be 40 hex characters");
  if (!isRsa(() => createPrivateKey(m.privateKey))) return fail(NAME, "商户私钥无法读取：应为 apiclient_key.pem 的全部内容（RSA 私钥）", "the merchant private key does not load: paste all of apiclient_key.pem (RSA)");
  if (Buffer.byteLength(m.apiV3Key, "utf8") !== 32) return fail(NAME, "APIv3 密钥应为 32 位（商户平台 → 账户中心 → API安全 → 设置APIv3密钥）", "the APIv3 key must be 32 characters");
  if (m.publicKey) {
    if (!/^PUB_KEY_ID_\d+$/.test(m.publicKey.id)) return fail(NAME, "微信支付公钥 ID 应形如 PUB_KEY_ID_0114…", "the WeChat Pay public key id must look like PUB_KEY_ID_0114…");
    if (!isRsa(() => createPublicKey(m.publicKey!.pem))) return fail(NAME, "微信支付公钥无法读取：应为 pub_key.pem 的全部内容", "the WeChat Pay public key does not load: paste all of pub_key.pem");
  }
  return null;
}

function explainApiError(mchid: string, error: WeChatPayApiError): CheckResult {
  const known: Record<string, [string, string]> = {
    SIGN_ERROR: [
      `微信支付不接受商户号 ${mchid} 的请求签名：证书序列号应是当前商户API证书的序列号，商户私钥应是同一张证书的私钥（apiclient_key.pem）；证书更换过的话两项都要换成新的`,
      "WeChat Pay refused our signature: the serial must be the current merchant API certificate's, and the private key that certificate's (apiclient_key.pem)",
    ],
    MCH_NOT_EXISTS: [`商户号 ${mchid} 不存在：检查商户号`, "no such merchant: check the merchant number"],
    NO_AUTH: ["该商户没有 JSAPI 支付权限：在商户平台开通 JSAPI支付", "the merchant may not use JSAPI payment: enable it in the merchant platform"],
  };
  const line = known[error.code];
  return line ? fail(NAME, line[0], line[1]) : warn(NAME, `签名调用返回 ${error.code}`, `the signed probe answered ${error.code}`);
}

/** One signed query for an order that does not exist, through this merchant's own keys. */
async function signedCall(m: MerchantToCheck, o: MerchantCheckOptions): Promise<CheckResult> {
  const client = createWeChatPayClient({
    mchid: m.mchid,
    merchantSerialNo: m.merchantSerial,
    privateKey: m.privateKey,
    apiV3Key: m.apiV3Key,
    appid: o.appId,
    publicKey: m.publicKey,
    http: { baseUrl: o.apiBaseUrl, fetch: o.fetch, timeoutMs: o.timeoutMs, maxRetries: 0 },
  });
  const mode = m.publicKey ? `微信支付公钥 ${m.publicKey.id}` : "平台证书";
  try {
    await client.queryOrderByOutTradeNo(PROBE_ORDER);
    return warn(NAME, "探测订单竟然存在（签名已被接受）", "the probe order exists, which it should not; the signature was accepted");
  } catch (error) {
    if (error instanceof WeChatPayApiError && error.code === "ORDER_NOT_EXIST") {
      return ok(NAME, `商户号 ${m.mchid}：签名被接受，应答验签通过（${mode}） / signature accepted, answer verified`);
    }
    if (error instanceof WeChatPayApiError) return explainApiError(m.mchid, error);
    if (error instanceof WeChatPayVerificationError) {
      return fail(
        NAME,
        `微信支付的应答验签失败：检查微信支付公钥及其 ID 是否属于商户号 ${m.mchid}；没有公钥的老商户要 APIv3 密钥正确才能下载平台证书`,
        `WeChat Pay's answer did not verify (${error.reason}): check the public key and its id; without them the APIv3 key must be right`,
      );
    }
    if (error instanceof WeChatPayTimeoutError) return fail(NAME, "连接微信支付超时，请稍后再检查", `WeChat Pay did not answer in time: ${o.apiBaseUrl}`);
    if (error instanceof WeChatPayError) return fail(NAME, `调用微信支付失败（${error.kind}）`, `the call to WeChat Pay failed (${error.kind})`);
    return fail(NAME, "连不上微信支付，请检查网络", `cannot reach WeChat Pay at ${o.apiBaseUrl}`);
  }
}

/** The merchant's lines for the 账号 screen's 检查: keys, the signed call, and where its notifications go. */
export async function checkMerchant(m: MerchantToCheck, o: MerchantCheckOptions): Promise<CheckResult[]> {
  const problem = merchantKeyProblem(m);
  const signed = problem ?? (await signedCall(m, o));
  return [
    signed,
    ok("pay notify url", `支付通知地址（下单时自动带上，无需在商户平台填写）：${o.notifyUrl}`),
    warn("pay setup", `请确认商户平台已关联本公众号的 AppID（${o.appId}），并在支付授权目录添加本站地址`, "bind this AppID to the merchant and add the site to 支付授权目录"),
  ];
}
