import type { AdminFollowersPage } from "@/lib/console/followers/types";
import { formatYuan } from "../../_components/money";
import { errcodeText } from "./format";

/**
 * Calls to the admin API from the browser. The admin session lives in the httpOnly cookie
 * set by POST /api/admin/session: nothing here sees or stores the admin token.
 */

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; unauthorized: boolean; message: string };

// The shapes the admin API answers with, from the modules that produce them (type-only:
// nothing server-side reaches the browser bundle).
export type { CredentialKind } from "@wxmp/wechat/token/store";
export type { CredentialHealth } from "@wxmp/wechat/token/cache";
export type TokensHealth = import("@wxmp/wechat/token/manager").CredentialsHealth & { dailyQuota?: number };

/** One row of user/info/batchget, loosely: someone who unfollowed has only openid and subscribe 0. */
export interface Follower {
  subscribe: number;
  openid: string;
  language?: string;
  subscribe_time?: number;
  unionid?: string;
  remark?: string;
  tagid_list?: number[];
  subscribe_scene?: string;
  qr_scene?: number;
  qr_scene_str?: string;
}

export type FollowersPage = AdminFollowersPage<Follower>;

interface ErrorBody {
  error?: unknown;
  errcode?: unknown;
  errmsg?: unknown;
  detail?: unknown;
  code?: unknown;
  refundable?: unknown;
  field?: unknown;
  message?: unknown;
}

/** Our own API's validation errors (see app/api/admin/*). */
const BAD_REQUEST: Record<string, string> = {
  invalid_openid: "openid 格式不正确，请检查后重试。",
  invalid_content: "消息内容需为 1–2000 个字符。",
  invalid_limit: "分页参数有误。",
  invalid_next_openid: "分页参数有误，请从第一页重新加载。",
};

/** WeChat Pay's errors on the 订单 screen (docs/wechat-pay.md, "The app's routes and shapes"). */
function payErrorText(b: ErrorBody): string | undefined {
  if (b.error === "refund_exceeds_refundable") return `退款金额超过可退金额${typeof b.refundable === "number" ? `：最多可退 ${formatYuan(b.refundable)}` : ""}。服务器未向微信支付提交。`;
  if (b.error === "merchant_unavailable") return "这笔订单所属的商户号已不在本站的账号设置中，无法查询或退款；请在「账号」里重新填写该商户号。";
  if (b.error === "not_refundable") return "该订单当前不能退款（未支付或已全额退款）。";
  if (b.error === "wechatpay_error") return `微信支付拒绝了请求${typeof b.code === "string" ? `（${b.code}）` : ""}，请稍后重试。`;
  if (b.error === "pay_disabled") return "未开通微信支付：请配置 WECHATPAY_MCHID 等环境变量，或在「账号」里为公众号填写商户号。";
  if (b.error === "not_found") return "没有找到这笔订单。";
  // A field named without the server's explanation; with one, describeApiError shows that.
  if (b.error === "invalid_request" && typeof b.field === "string" && !(typeof b.detail === "string" && b.detail.trim())) {
    return `请求参数有误（${b.field}），请检查后重试。`;
  }
  return undefined;
}

/** Errors whose `message` is already written for the operator (no ticket yet, an account to authorize again…). */
const PLATFORM_ERRORS = new Set(["component_ticket_missing", "authorization_required", "platform_off", "state_mismatch", "missing_code"]);

/** Friendly Chinese text for a failed admin request. */
export function describeApiError(status: number, body: unknown): string {
  const b: ErrorBody = body && typeof body === "object" ? (body as ErrorBody) : {};
  const errcode = typeof b.errcode === "number" ? b.errcode : undefined;
  const errmsg = typeof b.errmsg === "string" ? b.errmsg : "";
  if (status === 401) return "管理会话已失效，请重新输入管理令牌。";
  // Third-party platform mode explains its own expected failures (lib/http/api-response.ts).
  if (typeof b.error === "string" && PLATFORM_ERRORS.has(b.error) && typeof b.message === "string") return b.message;
  const pay = payErrorText(b);
  if (pay) return pay;
  if (status === 403) return "请求被拒绝（来源校验未通过），请刷新页面后重试。";
  if (status === 429) return "操作太频繁，请稍后再试。";
  if (status === 504 || b.error === "wechat_timeout") return "微信服务器响应超时，请稍后重试。";
  if (errcode !== undefined && errcode !== 0) {
    const known = errcodeText(errcode);
    const raw = `errcode ${errcode}${errmsg ? `：${errmsg}` : ""}`;
    return known ? `${known}（${raw}）` : `微信接口返回错误（${raw}）。`;
  }
  if (status === 502) return "无法连接微信服务器，请稍后重试。";
  if (b.error === "server_misconfigured") return `服务器配置有误${typeof b.detail === "string" ? `：${b.detail}` : "，请检查环境变量。"}`;
  if (status === 400) {
    const known = typeof b.error === "string" ? BAD_REQUEST[b.error] : undefined;
    if (known) return known;
    // The server's own explanation (lib/http/api-response.ts puts it in `detail`) says what was wrong.
    if (typeof b.detail === "string" && b.detail.trim()) return `请求参数有误：${b.detail.trim()}`;
    return `请求参数有误${typeof b.error === "string" ? `（${b.error}）` : ""}，请检查后重试。`;
  }
  return `服务器出错（HTTP ${status}），请稍后重试。`;
}

export async function adminRequest<T>(path: string, init?: { method?: "GET" | "POST"; json?: unknown }): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init?.method ?? "GET",
      credentials: "same-origin",
      cache: "no-store",
      headers: init?.json !== undefined ? { "content-type": "application/json" } : undefined,
      body: init?.json !== undefined ? JSON.stringify(init.json) : undefined,
    });
  } catch {
    return { ok: false, status: 0, unauthorized: false, message: "网络连接失败，请检查网络后重试。" };
  }
  const body: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) return { ok: false, status: res.status, unauthorized: res.status === 401, message: describeApiError(res.status, body) };
  return { ok: true, data: body as T };
}

/** A tokens answer we can render (the shape is checked, not trusted blindly). */
export function isTokensHealth(value: unknown): value is TokensHealth {
  if (!value || typeof value !== "object") return false;
  const v = value as Partial<TokensHealth>;
  return typeof v.accessToken === "object" && v.accessToken !== null && typeof v.jsApiTicket === "object" && v.jsApiTicket !== null;
}

export function isFollowersPage(value: unknown): value is FollowersPage {
  return !!value && typeof value === "object" && Array.isArray((value as FollowersPage).users);
}
