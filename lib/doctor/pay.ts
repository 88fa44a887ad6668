/**
 * `npm run doctor` learns WeChat Pay (issue 23, item 6). The variables themselves (the key
 * parses, the serial is 40 hex, the APIv3 key is 32 bytes, the public key id is well-formed)
 * are checked by the env schema (config/pay-env.ts) on the "env" line; here: one harmless signed
 * call — a query for an order that cannot exist, whose ORDER_NOT_EXIST proves WeChat Pay
 * accepted our signature and whose signed answer proves we can verify theirs — the notify URL,
 * and the 支付授权目录 the shop page needs.
 */
import type { Env } from "../config/env-schema";
import { createWeChatPayClient } from "../wechatpay/client";
import { WeChatPayApiError, WeChatPayError, WeChatPayTimeoutError, WeChatPayVerificationError } from "../wechatpay/errors";
import type { FetchLike } from "../wechatpay/types";
import { fail, ok, skip, warn, type CheckResult } from "./report";

/** The shop page's directory: 支付授权目录 must list it (the page URL's path up to its last `/`). */
export const SHOP_PAY_DIRECTORY = "/shop/";
const PROBE_ORDER = "DOCTOR0PROBE0NOT0AN0ORDER";

function explainApiError(error: WeChatPayApiError): CheckResult {
  const zhEn: Record<string, [string, string]> = {
    SIGN_ERROR: [
      "微信支付不接受请求签名：检查 WECHATPAY_MERCHANT_SERIAL 是否为当前商户API证书的序列号、WECHATPAY_PRIVATE_KEY 是否为同一证书的私钥（apiclient_key.pem）",
      "WeChat Pay refused our signature: WECHATPAY_MERCHANT_SERIAL must be the serial of the current merchant API certificate, and WECHATPAY_PRIVATE_KEY its private key (apiclient_key.pem)",
    ],
    MCH_NOT_EXISTS: ["商户号不存在：检查 WECHATPAY_MCHID", "no such merchant: check WECHATPAY_MCHID"],
    NO_AUTH: ["商户没有 JSAPI 支付权限：在商户平台开通 JSAPI 支付", "the merchant may not use JSAPI payment: enable it in the merchant platform"],
  };
  const known = zhEn[error.code];
  if (known) return fail("wechat pay", known[0], known[1]);
  return warn("wechat pay", `签名调用返回 ${error.code}`, `the signed probe answered ${error.code}: ${error.apiMessage}`);
}

/** One signed query for an order that does not exist. */
export async function checkPaySignedCall(env: Env, fetch: FetchLike): Promise<CheckResult> {
  const pay = env.pay!;
  const client = createWeChatPayClient({
    mchid: pay.mchid,
    merchantSerialNo: pay.merchantSerial,
    privateKey: pay.privateKey,
    apiV3Key: pay.apiV3Key,
    appid: env.appId,
    publicKey: pay.publicKey,
    http: { baseUrl: pay.apiBaseUrl, fetch, timeoutMs: env.httpTimeoutMs, maxRetries: 0 },
  });
  const mode = pay.publicKey ? `微信支付公钥 ${pay.publicKey.id}（其他序列号用平台证书）` : "平台证书 / platform certificates";
  try {
    await client.queryOrderByOutTradeNo(PROBE_ORDER);
    return warn("wechat pay", "探测订单竟然存在", "the probe order exists, which it should not; the signature was accepted");
  } catch (error) {
    if (error instanceof WeChatPayApiError && error.code === "ORDER_NOT_EXIST") {
      return ok("wechat pay", `商户号 ${pay.mchid}：签名被接受，应答验签通过（${mode}） / signature accepted, answer verified`);
    }
    if (error instanceof WeChatPayApiError) return explainApiError(error);
    if (error instanceof WeChatPayVerificationError) {
      return fail(
        "wechat pay",
        `微信支付的应答验签失败（${error.reason}）：检查 WECHATPAY_PUBLIC_KEY_ID / WECHATPAY_PUBLIC_KEY；没有公钥的老商户需要 WECHATPAY_APIV3_KEY 正确以下载平台证书`,
        `WeChat Pay's answer did not verify (${error.reason}): check WECHATPAY_PUBLIC_KEY_ID / WECHATPAY_PUBLIC_KEY; without them the platform certificates must download and decrypt with WECHATPAY_APIV3_KEY`,
      );
    }
    if (error instanceof WeChatPayTimeoutError) return fail("wechat pay", `连接微信支付超时：${pay.apiBaseUrl}`, `WeChat Pay did not answer in time: ${pay.apiBaseUrl}`);
    if (error instanceof WeChatPayError) return fail("wechat pay", `调用微信支付失败（${error.kind}）`, `the call to WeChat Pay failed (${error.kind}): ${error.message}`);
    return fail("wechat pay", "连不上微信支付", `cannot reach WeChat Pay at ${pay.apiBaseUrl}`);
  }
}

/** The notify URL (https in production) and the 支付授权目录 reminder. */
export function checkPayUrls(env: Env): CheckResult[] {
  const notify = `${env.appUrl}/api/pay/notify`;
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(new URL(env.appUrl).hostname);
  const notifyResult =
    env.production && !local && !notify.startsWith("https://")
      ? fail("pay notify url", `支付通知地址必须是 https：${notify}（改 APP_URL 为 https）`, `the notify URL must be https: ${notify} (make APP_URL https)`)
      : ok("pay notify url", `${notify}${local ? "（本机：真实的微信支付无法访问 / loopback: real WeChat Pay cannot reach it）" : ""}`);
  const directory = `${env.appUrl}${SHOP_PAY_DIRECTORY}`;
  const reminder = warn(
    "pay directory",
    `请在商户平台 → 产品中心 → 开发配置 → 支付授权目录 添加 ${directory}（否则支付页报“当前页面的URL未注册”）`,
    `add ${directory} to 支付授权目录 in the merchant platform (else the pay sheet says the page URL is not registered)`,
  );
  return [notifyResult, reminder];
}

export async function checkPay(env: Env, fetch: FetchLike): Promise<CheckResult[]> {
  if (!env.pay) return [skip("wechat pay", "未开启（未设置 WECHATPAY_MCHID） / off: WECHATPAY_MCHID is not set")];
  return [await checkPaySignedCall(env, fetch), ...checkPayUrls(env)];
}
