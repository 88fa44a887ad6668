/**
 * The Content-Security-Policy of every page, built per request around a fresh nonce.
 *
 * Why a nonce and not hashes: Next.js streams the React Server Components payload as inline
 * `<script>self.__next_f.push(...)</script>` elements whose text differs per page and per
 * user, so no fixed list of hashes can cover them. With the policy on the request, Next adds
 * the nonce to its own scripts; pages render dynamically (they read the session anyway).
 */

/** The WeChat hosts pages may use: the JS-SDK script, the avatar pictures, the SDK's beacon. */
export const WECHAT_SCRIPT_HOSTS = ["https://res.wx.qq.com", "https://res2.wx.qq.com"];
// open.weixin.qq.com: jweixin 1.6 reports each wx.config as an image beacon (/sdk/report).
export const WECHAT_IMAGE_HOSTS = ["https://thirdwx.qlogo.cn", "https://wx.qlogo.cn", "https://open.weixin.qq.com"];

const OFFICIAL_HOSTS = new Set(["https://api.weixin.qq.com", "https://open.weixin.qq.com"]);

export interface CspInput {
  nonce: string;
  /** `next dev` only: React's development tooling needs eval. Never in a build. */
  development: boolean;
  /**
   * WECHAT_API_BASE_URL / WECHAT_OAUTH_BASE_URL. When they point at a stand-in (the
   * simulator in the demo and the end-to-end tests), its origin serves avatars and the
   * test bridge reports to it, so it is allowed for images and connections.
   */
  upstreamBaseUrls: Array<string | undefined>;
}

function extraOrigins(urls: Array<string | undefined>): string[] {
  const origins = new Set<string>();
  for (const url of urls) {
    if (!url) continue;
    try {
      const origin = new URL(url).origin;
      if (!OFFICIAL_HOSTS.has(origin)) origins.add(origin);
    } catch {
      // A malformed value is reported by the env check; the policy just ignores it.
    }
  }
  return [...origins];
}

export function buildContentSecurityPolicy(input: CspInput): string {
  const extra = extraOrigins(input.upstreamBaseUrls);
  const directives: Array<[string, string[]]> = [
    ["default-src", ["'self'"]],
    ["script-src", ["'self'", `'nonce-${input.nonce}'`, ...WECHAT_SCRIPT_HOSTS, ...(input.development ? ["'unsafe-eval'"] : [])]],
    // React style attributes are inline styles; styles cannot run code.
    ["style-src", ["'self'", "'unsafe-inline'"]],
    // wxlocalresource: / weixin: are the picture ids of WeChat's web view (chooseImage).
    ["img-src", ["'self'", "data:", "blob:", "wxlocalresource:", "weixin:", ...WECHAT_IMAGE_HOSTS, ...extra]],
    ["font-src", ["'self'", "data:"]],
    ["connect-src", ["'self'", ...extra]],
    ["object-src", ["'none'"]],
    ["base-uri", ["'self'"]],
    ["form-action", ["'self'"]],
    ["frame-ancestors", ["'self'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(" ")}`).join("; ");
}

/** HSTS only when the public origin is https (a browser ignores it over http anyway). */
export function strictTransportSecurity(appUrl: string | undefined): string | null {
  return appUrl?.startsWith("https://") ? "max-age=63072000" : null;
}
