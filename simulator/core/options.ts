/** Start-up options and run-time settings of the simulator. */

/** Options of `startSimulator` (see server.ts). */
export interface SimulatorOptions {
  /** 0 = random; the CLI defaults to SIM_PORT or 4100. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  appId: string;
  appSecret: string;
  /** The server-URL Token, for signing pushes. */
  token: string;
  /** Enables compatible/safe-mode pushes. */
  encodingAESKey?: string;
  /** Where pushes go, e.g. http://127.0.0.1:3000/api/wechat. */
  webhookUrl?: string;
  /** Default 7200. */
  accessTokenTtlSeconds?: number;
  /** Origin browsers use (consent page, avatars, JS bridge). Default http://host:port. */
  publicUrl?: string;
  /** Milliseconds since the epoch; inject to test expiry. */
  clock?: () => number;
  /** Authorized OAuth callback domains; `host` matches any port, `host:port` one port. Default localhost + 127.0.0.1. */
  oauthDomains?: string[];
  /** JS interface security domains for wx.config. Default localhost + 127.0.0.1. */
  jsapiDomains?: string[];
  /** Seeded followers (default 250). */
  followers?: number;
  /** Shown on the consent page and in the chat. */
  accountName?: string;
  /** The account's original id (ToUserName of pushes), default gh_ + 12 hex. */
  originalId?: string;
  /** One line per request (path without query: tokens never appear). Silent by default. */
  log?: (line: string) => void;
}

/** Settings changeable at run time through `POST /__sim/config`. */
export interface SimConfig {
  /** cgi-bin/user/get page size (WeChat: 10000). */
  pageSize: number;
  /** Reject customer-service messages outside the 48-hour window (45015). */
  enforce48hWindow: boolean;
  oauthDomains: string[];
  jsapiDomains: string[];
  /** The openid who signs in by default (silent snsapi_base, preselected on the consent page). */
  oauthUser: string;
  /** snsapi_userinfo approves without showing the consent page (benchmarks). */
  autoConsent: boolean;
  /** Show "请在微信客户端打开链接" unless the user agent contains MicroMessenger. */
  requireWeChatUserAgent: boolean;
  /** cgi-bin/token calls allowed per Beijing day before 45009. */
  tokenDailyQuota: number;
  /** When non-empty, API callers from other IPs get 40164. */
  ipWhitelist: string[];
  webhookUrl: string;
}
