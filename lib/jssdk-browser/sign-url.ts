/**
 * Which page URL to ask the server to sign for `wx.config` — pure functions, so
 * the platform rules are unit-tested without a browser.
 *
 * WeChat's client verifies the signature against a URL that depends on the OS:
 * iOS WeChat uses the URL the web view was FIRST entered at (client-side route
 * changes do not count), Android the current `location.href` without `#…`.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html
 */

export type WxPlatform = "ios" | "android" | "other";

/** The weixin-js-sdk does nothing outside the WeChat in-app browser. */
export function isWeChatBrowser(userAgent: string): boolean {
  return /MicroMessenger/i.test(userAgent);
}

export function detectPlatform(userAgent: string): WxPlatform {
  if (/iPhone|iPad|iPod/i.test(userAgent)) return "ios";
  if (/Android/i.test(userAgent)) return "android";
  return "other";
}

/** What the WeChat client signs: `href.split('#')[0]`, otherwise untouched. */
export function stripFragment(href: string): string {
  return href.split("#", 1)[0] ?? "";
}

export interface SignUrlInput {
  platform: WxPlatform;
  /** `location.href` when the document was first loaded. */
  landingUrl: string;
  /** `location.href` now. */
  currentUrl: string;
  /** Set once signing the current URL has worked on iOS (newer clients): keep doing that. */
  preferCurrent?: boolean;
}

/** The URL to sign on the first attempt. */
export function chooseSignUrl(input: SignUrlInput): string {
  const useLanding = input.platform === "ios" && !input.preferCurrent && input.landingUrl !== "";
  return stripFragment(useLanding ? input.landingUrl : input.currentUrl);
}

/**
 * The URL for the single retry after `config:invalid signature`: the current
 * URL, freshly signed. On iOS this is the fallback for clients that do not
 * stick to the landing URL; elsewhere it simply re-signs (the ticket may have
 * been refreshed in between).
 */
export function retrySignUrl(input: SignUrlInput): string {
  return stripFragment(input.currentUrl);
}

/** Same-origin path of the signing endpoint for `signUrl`. */
export function configRequestPath(signUrl: string): string {
  return `/api/jssdk/config?url=${encodeURIComponent(signUrl)}`;
}
