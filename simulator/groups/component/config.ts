/**
 * The third-party platform's registration as the simulator holds it (from options, env or the
 * control API), checked once, and the lifetimes the open platform gives its values.
 */
import type { ComponentOptions } from "../../core/options";

/** component_verify_ticket: pushed every 10 minutes, usable for 12 hours. */
export const TICKET_TTL_MS = 12 * 3600_000;
export const TICKET_INTERVAL_MS = 10 * 60_000;
/** pre_auth_code: 10 minutes (expires_in 600), one authorization each. */
export const PRE_AUTH_CODE_TTL_SECONDS = 600;
/** The authorization code the page hands back (auth_code, expires_in 600). */
export const AUTH_CODE_TTL_SECONDS = 600;
/** component_access_token and authorizer_access_token: 2 hours. */
export const TOKEN_TTL_SECONDS = 7200;

/**
 * The permission sets (权限集) an authorization grants: the 公众号 ones this toolkit uses —
 * 1 消息管理, 2 用户管理, 3 帐号服务, 4 网页服务, 5 微信小店, 6 微信多客服, 7 群发与通知,
 * 8 微信卡券, 9 微信扫一扫, 10 微信连WIFI, 11 素材管理, 15 自定义菜单, 22 城市服务, 23 广告管理,
 * 24 开放平台帐号管理, 26 微信电子发票, 33 数据统计 (ids as the open platform numbers them).
 */
export const OFFICIAL_ACCOUNT_FUNC_INFO: readonly number[] = [1, 2, 3, 4, 6, 7, 9, 11, 15, 24, 33];

export interface ComponentConfig {
  componentAppId: string;
  componentAppSecret: string;
  token: string;
  encodingAESKey: string;
  eventUrl?: string;
  messageUrl?: string;
  name: string;
  ticketIntervalMs: number;
  timeScale: number;
}

export function normalizeComponent(options: ComponentOptions): ComponentConfig | string {
  if (!/^wx[0-9A-Za-z]{16}$/.test(options.componentAppId ?? "")) return "componentAppId must be wx + 16 letters or digits";
  if (!options.componentAppSecret) return "componentAppSecret is required";
  if (!options.token) return "token is required";
  if (!/^[A-Za-z0-9]{43}$/.test(options.encodingAESKey ?? "")) return "encodingAESKey must be 43 letters or digits";
  for (const [name, value] of [["eventUrl", options.eventUrl], ["messageUrl", options.messageUrl]] as const) {
    if (value === undefined || value === "") continue;
    try {
      const url = new URL(value.replace("$APPID$", "wx0000000000000000"));
      if (url.protocol !== "http:" && url.protocol !== "https:") return `${name} must be http(s)`;
    } catch {
      return `${name} must be an absolute URL`;
    }
  }
  if (options.messageUrl && !options.messageUrl.includes("$APPID$")) return "messageUrl must contain $APPID$";
  const interval = options.ticketIntervalMs ?? TICKET_INTERVAL_MS;
  const scale = options.timeScale ?? 1;
  if (!(interval > 0) || !(scale > 0)) return "ticketIntervalMs and timeScale must be positive";
  return {
    componentAppId: options.componentAppId,
    componentAppSecret: options.componentAppSecret,
    token: options.token,
    encodingAESKey: options.encodingAESKey,
    eventUrl: options.eventUrl || undefined,
    messageUrl: options.messageUrl || undefined,
    name: options.name ?? "模拟第三方平台",
    ticketIntervalMs: interval,
    timeScale: scale,
  };
}

/** The platform's 消息与事件接收URL for one account: `$APPID$` replaced (default: the event URL's origin + /api/wechat/{appid}). */
export function messageUrl(config: ComponentConfig, appId: string): string | undefined {
  if (config.messageUrl) return config.messageUrl.replace("$APPID$", appId);
  return config.eventUrl ? `${new URL(config.eventUrl).origin}/api/wechat/${appId}` : undefined;
}
