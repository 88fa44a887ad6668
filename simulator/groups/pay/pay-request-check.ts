/**
 * What the WeChat client checks when a page calls `WeixinJSBridge.invoke('getBrandWCPayRequest',
 * {appId, timeStamp, nonceStr, package, signType, paySign})`: the fields by their exact names
 * (`timeStamp`, not wx.chooseWXPay's `timestamp`), a prepay_id that exists and is under two hours
 * old, the appId the order was placed with, the page under a 支付授权目录, and paySign —
 * SHA256withRSA over `appId\ntimeStamp\nnonceStr\npackage\n` with the merchant's API key. Each
 * refusal says why in words a developer can act on (the client itself only says `fail`).
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter5_1_4.shtml
 */
import { paySigningString, verifySha256Rsa } from "../../protocol/wechatpay-crypto";
import type { Merchant } from "./merchant";
import { PREPAY_TTL_MS, type Order } from "./order-book";
import type { PayState } from "./pay-state";
import { unpayableReason } from "./payments";

export type PayRequestCheck = { ok: true; order: Order; merchant: Merchant } | { ok: false; reason: string };

const FIELDS = ["appId", "timeStamp", "nonceStr", "package", "signType", "paySign"] as const;

function fieldProblem(args: Record<string, unknown>): string | null {
  if (args.timeStamp === undefined && args.timestamp !== undefined) {
    return "缺少 timeStamp：getBrandWCPayRequest 的参数是 timeStamp（S 大写）；小写的 timestamp 是 wx.chooseWXPay 的写法";
  }
  for (const field of FIELDS) {
    if (typeof args[field] !== "string" || args[field] === "") return `缺少参数 ${field}，或它不是字符串（timeStamp 也要传字符串）`;
  }
  if (!/^\d{1,12}$/.test(args.timeStamp as string)) return "timeStamp 应为秒级时间戳的字符串";
  if (args.signType !== "RSA") return `signType 应为 "RSA"（APIv3），收到 ${String(args.signType)}`;
  if (!/^prepay_id=\S+$/.test(args.package as string)) return "package 应为 prepay_id=…（下单接口返回的 prepay_id）";
  return null;
}

/** Checks one getBrandWCPayRequest call made from `pageUrl`. */
export function checkPayRequest(pay: PayState, args: unknown, pageUrl: string): PayRequestCheck {
  if (!args || typeof args !== "object" || Array.isArray(args)) return { ok: false, reason: "参数应为对象 {appId, timeStamp, nonceStr, package, signType, paySign}" };
  const a = args as Record<string, unknown>;
  const problem = fieldProblem(a);
  if (problem) return { ok: false, reason: problem };
  const [appId, timeStamp, nonceStr, pkg, , paySign] = FIELDS.map((f) => a[f] as string) as [string, string, string, string, string, string];
  const order = pay.book.orderByPrepayId(pkg.slice("prepay_id=".length));
  if (!order) return { ok: false, reason: "prepay_id 不存在：请用下单接口刚返回的 prepay_id" };
  const merchant = pay.merchants.get(order.mchid);
  if (!merchant) return { ok: false, reason: "prepay_id 所属的商户不存在" };
  if (pay.now() - order.prepayIssuedAt > PREPAY_TTL_MS) return { ok: false, reason: "prepay_id 已过期（有效期 2 小时），请重新下单" };
  if (!merchant.isBound(appId)) return { ok: false, reason: `appId ${appId} 未关联商户号 ${merchant.mchid}（商户平台 → AppID账号管理 → 关联AppID）` };
  if (appId !== order.appid) return { ok: false, reason: `appId ${appId} 与下单时的 appid ${order.appid} 不一致` };
  const dirs = merchant.settings.payDirectories;
  if (dirs.length > 0 && !dirs.some((d) => inPayDirectory(d, pageUrl))) return { ok: false, reason: `当前页面的 URL 未注册为支付授权目录（${pageUrl.split("?")[0]}）` };
  if (!verifySha256Rsa(paySigningString(appId, timeStamp, nonceStr, pkg), paySign, merchant.merchantPublicKey)) {
    return { ok: false, reason: "paySign 验证失败：应为商户 API 私钥对 appId\\ntimeStamp\\nnonceStr\\npackage\\n（每行以 \\n 结尾）的 SHA256withRSA 签名，base64 编码" };
  }
  const unpayable = unpayableReason(order, pay.now());
  return unpayable ? { ok: false, reason: unpayable } : { ok: true, order, merchant };
}

/**
 * WeChat Pay's 支付授权目录 rule: a registered top-level directory (`https://host/`) checks the
 * host only; a multi-level one (`https://host/a/b/`) must equal the paying page's own directory
 * exactly — not its parent, not a subdirectory.
 */
export function inPayDirectory(registered: string, pageUrl: string): boolean {
  let page: URL;
  let dir: URL;
  try {
    page = new URL(pageUrl);
    dir = new URL(registered);
  } catch {
    return false;
  }
  if (page.origin !== dir.origin) return false;
  if (dir.pathname === "/") return true;
  const pageDirectory = page.pathname.slice(0, page.pathname.lastIndexOf("/") + 1);
  return pageDirectory === dir.pathname;
}
