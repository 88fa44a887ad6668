/**
 * Operations (运维): WeChat's own IP ranges, the network check of the
 * account's server URL, API quotas and the lookup of an error's `rid`.
 * None of these are called automatically; `clearQuota` in particular spends
 * one of the account's ten monthly resets.
 */
import type { WeChatApiCaller } from "../api-client";
import { WeChatApiError, WeChatValidationError } from "../errors";

/** The account resets it may do per calendar month (platform and API resets combined). */
export const CLEAR_QUOTA_PER_MONTH = 10;

export type CallbackCheckAction = "all" | "dns" | "ping";
/** 电信 / 联通 / 腾讯自建 / 自动选择. */
export type CallbackCheckOperator = "CHINANET" | "UNICOM" | "CAP" | "DEFAULT";

export const CALLBACK_CHECK_ACTIONS: readonly CallbackCheckAction[] = ["all", "dns", "ping"];
export const CALLBACK_CHECK_OPERATORS: readonly CallbackCheckOperator[] = ["CHINANET", "UNICOM", "CAP", "DEFAULT"];

export function isCallbackCheckAction(value: unknown): value is CallbackCheckAction {
  return typeof value === "string" && (CALLBACK_CHECK_ACTIONS as readonly string[]).includes(value);
}

export function isCallbackCheckOperator(value: unknown): value is CallbackCheckOperator {
  return typeof value === "string" && (CALLBACK_CHECK_OPERATORS as readonly string[]).includes(value);
}

export interface CallbackDnsResult {
  /** The IP the server URL's domain resolved to. */
  ip: string;
  /** The operator that IP belongs to. */
  real_operator: string;
}

export interface CallbackPingResult {
  ip: string;
  from_operator: string;
  /** e.g. "0%"; "100%" means WeChat could not reach the server. */
  package_loss: string;
  /** e.g. "23.567ms". */
  time: string;
}

export interface CallbackCheckResult {
  dns: CallbackDnsResult[];
  ping: CallbackPingResult[];
}

export interface ApiQuota {
  dailyLimit: number;
  used: number;
  remain: number;
}

export type ClearQuotaResult = { ok: true } | { ok: false; reason: "monthly_limit_reached" };

/** What WeChat recorded about one failed request. */
export interface RidRequestInfo {
  /** Seconds since the epoch. */
  invoke_time: number;
  cost_in_ms: number;
  /**
   * The call's query, as WeChat logged it: its documented example is the bare query
   * `"access_token=50_Im7xxxx"` — the LIVE token, no path, no "?". Mask it before showing it.
   */
  request_url: string;
  request_body: string;
  response_body: string;
  client_ip: string;
}

/**
 * The IPs WeChat pushes messages from (for a firewall allow-list on the server URL).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_the_WeChat_server_IP_address.html
 */
export async function getCallbackIps(client: WeChatApiCaller): Promise<string[]> {
  const res = await client.call<{ ip_list?: string[] }>({ path: "/cgi-bin/getcallbackip" });
  return Array.isArray(res.ip_list) ? res.ip_list : [];
}

/**
 * The IPs of api.weixin.qq.com (for an egress allow-list).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_the_WeChat_server_IP_address.html
 */
export async function getApiDomainIps(client: WeChatApiCaller): Promise<string[]> {
  const res = await client.call<{ ip_list?: string[] }>({ path: "/cgi-bin/get_api_domain_ip" });
  return Array.isArray(res.ip_list) ? res.ip_list : [];
}

/**
 * Asks WeChat to resolve and ping the account's configured server URL.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Network_Detection.html
 */
export async function checkCallback(
  client: WeChatApiCaller,
  action: CallbackCheckAction = "all",
  operator: CallbackCheckOperator = "DEFAULT",
): Promise<CallbackCheckResult> {
  if (!isCallbackCheckAction(action)) {
    throw new WeChatValidationError("action", "action 执行的检测动作，允许的值：dns（做域名解析）、ping（做ping检测）、all（dns和ping都做）");
  }
  if (!isCallbackCheckOperator(operator)) {
    throw new WeChatValidationError("check_operator", "check_operator 指定平台从某个运营商进行检测，允许的值：CHINANET（电信出口）、UNICOM（联通出口）、CAP（腾讯自建出口）、DEFAULT（根据ip来选择运营商）");
  }
  const res = await client.call<Partial<CallbackCheckResult>>({
    method: "POST",
    path: "/cgi-bin/callback/check",
    body: { action, check_operator: operator },
    // A probe: running it twice changes nothing.
    idempotent: true,
  });
  return { dns: Array.isArray(res.dns) ? res.dns : [], ping: Array.isArray(res.ping) ? res.ping : [] };
}

/**
 * Daily limit and use of one API, e.g. `/cgi-bin/message/custom/send`.
 * @see https://developers.weixin.qq.com/doc/offiaccount/openApi/get_api_quota.html
 */
export async function getApiQuota(client: WeChatApiCaller, cgiPath: string): Promise<ApiQuota> {
  if (!/^\/[A-Za-z0-9_/-]+$/.test(cgiPath)) {
    throw new WeChatValidationError("cgi_path", "cgi_path 为 api 的请求地址，例如“/cgi-bin/message/custom/send”；不要前缀“https://api.weixin.qq.com”，也不要漏了“/”");
  }
  const res = await client.call<{ quota?: { daily_limit?: number; used?: number; remain?: number } }>({
    method: "POST",
    path: "/cgi-bin/openapi/quota/get",
    body: { cgi_path: cgiPath },
    idempotent: true,
  });
  return { dailyLimit: res.quota?.daily_limit ?? 0, used: res.quota?.used ?? 0, remain: res.quota?.remain ?? 0 };
}

/**
 * Resets every API's daily count to zero. Limited to {@link CLEAR_QUOTA_PER_MONTH}
 * per month, so call it only on an operator's explicit confirmation;
 * 48006 (limit reached) is a value, not an error.
 * @see https://developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html
 */
export async function clearQuota(client: WeChatApiCaller, appId: string): Promise<ClearQuotaResult> {
  // Real AppIDs are hex, but any "wx" + 16 letters or digits is passed on (the demo's own id is not hex):
  // the check is there to catch a gh_ id or a secret pasted by mistake, WeChat judges the rest (40013).
  if (!/^wx[0-9a-z]{16}$/i.test(appId)) throw new WeChatValidationError("appid", "appid 为公众号的 AppID（wx 开头的 18 位字符）");
  try {
    // Not idempotent: a retry after a lost answer would spend a second reset.
    await client.call({ method: "POST", path: "/cgi-bin/clear_quota", body: { appid: appId } });
    return { ok: true };
  } catch (error) {
    if (error instanceof WeChatApiError && error.errcode === 48006) return { ok: false, reason: "monthly_limit_reached" };
    throw error;
  }
}

/**
 * What WeChat logged for the request that answered with this `rid`
 * (its caller IP, URL, bodies) — to explain an errcode after the fact.
 * @see https://developers.weixin.qq.com/doc/offiaccount/openApi/get_rid_info.html
 */
export async function getRidInfo(client: WeChatApiCaller, rid: string): Promise<RidRequestInfo> {
  if (!/^[0-9a-f]+(-[0-9a-f]+)+$/i.test(rid)) {
    throw new WeChatValidationError("rid", "rid 为调用接口报错返回的 rid，例如 errmsg 里的“rid: 6543a1b2-1f2d3c4b-0a1b2c3d”");
  }
  const res = await client.call<{ request: RidRequestInfo }>({
    method: "POST",
    path: "/cgi-bin/openapi/rid/get",
    body: { rid },
    idempotent: true,
  });
  return res.request;
}

/** The `rid` WeChat appends to an errmsg ("... rid: 6543a1b2-…"), if any. */
export function ridOf(errmsg: string): string | undefined {
  return /\brid:\s*([0-9a-f]+(?:-[0-9a-f]+)+)/i.exec(errmsg)?.[1];
}
