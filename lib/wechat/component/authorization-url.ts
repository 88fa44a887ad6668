/**
 * The authorization page an account's administrator opens to authorize the platform: on a PC
 * the QR-code page (componentloginpage), on a phone inside WeChat the bindcomponent link. After
 * confirming, WeChat sends the browser to `redirect_uri?auth_code=…&expires_in=…`.
 *
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Authorization_Process_Technical_Description.html
 */
import { WeChatConfigError } from "../errors";

/** WeChat's pages; the simulator serves its own (inject them through `pages`). */
export const AUTHORIZATION_PAGES = {
  pc: "https://mp.weixin.qq.com/cgi-bin/componentloginpage",
  mobile: "https://open.weixin.qq.com/wxaopen/safe/bindcomponent",
} as const;

export type AuthorizationDevice = keyof typeof AUTHORIZATION_PAGES;

export interface AuthorizationUrlInput {
  componentAppId: string;
  /** From api_create_preauthcode; one link each. */
  preAuthCode: string;
  /** Where WeChat sends the browser back; its domain must be the platform's 授权发起页域名. */
  redirectUri: string;
  /** "pc" (QR code, default) or "mobile" (opened inside WeChat). */
  device?: AuthorizationDevice;
  /**
   * Which accounts the page offers: 1 公众号 only, 2 小程序 only, 3 both (the doc lists more
   * for 视频号/小店). Default 1: this toolkit serves 公众号. Left out when `bizAppId` is given.
   */
  authType?: number;
  /** Only this account may authorize (excludes auth_type, per the doc). */
  bizAppId?: string;
  /** Permission-set ids to ask for (default: every set the platform has released). */
  categoryIds?: readonly number[];
  /** Page URLs to use instead of WeChat's (the simulator). */
  pages?: Partial<Record<AuthorizationDevice, string>>;
}

const APPID = /^[A-Za-z0-9_-]{1,64}$/;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/**
 * The authorization link for one pre_auth_code. Every value is URL-encoded (redirect_uri above
 * all); the mobile link needs `action=bindcomponent&no_scan=1` first and `#wechat_redirect` last.
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Authorization_Process_Technical_Description.html
 */
export function buildAuthorizationUrl(input: AuthorizationUrlInput): string {
  const device = input.device ?? "pc";
  const page = input.pages?.[device] ?? AUTHORIZATION_PAGES[device];
  if (!APPID.test(input.componentAppId)) throw new WeChatConfigError("component_appid is empty or malformed");
  if (!input.preAuthCode) throw new WeChatConfigError("pre_auth_code is required");
  if (!isHttpUrl(input.redirectUri)) throw new WeChatConfigError("redirect_uri must be an absolute http(s) URL");
  if (!isHttpUrl(page)) throw new WeChatConfigError("authorization page must be an absolute http(s) URL");
  if (input.bizAppId !== undefined && !APPID.test(input.bizAppId)) throw new WeChatConfigError("biz_appid is malformed");
  const authType = input.authType ?? 1;
  if (!Number.isSafeInteger(authType) || authType < 1) throw new WeChatConfigError("auth_type must be a positive integer");
  if (input.categoryIds?.some((id) => !Number.isSafeInteger(id) || id < 1)) {
    throw new WeChatConfigError("category ids must be positive integers");
  }

  const params: Array<[string, string]> = device === "mobile" ? [["action", "bindcomponent"], ["no_scan", "1"]] : [];
  params.push(["component_appid", input.componentAppId], ["pre_auth_code", input.preAuthCode], ["redirect_uri", input.redirectUri]);
  if (input.bizAppId) params.push(["biz_appid", input.bizAppId]);
  else params.push(["auth_type", String(authType)]);
  if (input.categoryIds?.length) params.push(["category_id_list", input.categoryIds.join("|")]);
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
  const base = page.replace(/[?#].*$/, "");
  return `${base}?${query}${device === "mobile" ? "#wechat_redirect" : ""}`; // WeChat requires #wechat_redirect in WeChat
}
