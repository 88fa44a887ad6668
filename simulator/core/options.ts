/** Start-up options and run-time settings of the simulator. */

/** A further 公众号: the values the app is given for it. */
export interface AccountInput {
  appId: string;
  appSecret: string;
  token: string;
  encodingAESKey?: string;
  accountName?: string;
  originalId?: string;
  /** Seeded followers (default 20). */
  followers?: number;
  /** Its server URL; default the default account's URL + `/{appid}`. */
  webhookUrl?: string;
}

/**
 * A third-party platform (第三方平台) registered on the open platform: its credentials, the
 * Token and EncodingAESKey its pushes are signed and sealed with, and its two URLs.
 */
export interface ComponentOptions {
  componentAppId: string;
  componentAppSecret: string;
  /** 消息校验Token. */
  token: string;
  /** 消息加解密Key (43 characters): every push to the platform is encrypted with it. */
  encodingAESKey: string;
  /** 授权事件接收URL: component_verify_ticket and authorization events. */
  eventUrl?: string;
  /** 消息与事件接收URL with `$APPID$` (default: the event URL's origin + `/api/wechat/$APPID$`). */
  messageUrl?: string;
  /** 第三方平台名称, on the authorization page. */
  name?: string;
  /** Milliseconds between component_verify_ticket pushes (WeChat: 10 minutes). */
  ticketIntervalMs?: number;
  /** Multiplies the ticket interval (0.001: 10 minutes → 600 ms). Default 1. */
  timeScale?: number;
  /** Push a ticket at start (default true when an event URL is set). */
  pushTicketAtStart?: boolean;
}

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
  /** Further 公众号 served besides the default one (each its own users, tokens, menus, media…). */
  accounts?: AccountInput[];
  /** The third-party platform (开放平台) the simulator plays; none: component calls get 61011 until one is set. */
  component?: ComponentOptions;
  /** WeChat Pay merchants the simulator serves as api.mch.weixin.qq.com (none: every pay call gets MCH_NOT_EXISTS). */
  pay?: PayMerchantOptions[];
}

/** How WeChat Pay signs a merchant's answers and notifications. */
export type PaySigningMode =
  /** 微信支付公钥 only (`PUB_KEY_ID_…`): every merchant since late 2024; `/v3/certificates` is a 404. */
  | "public-key"
  /** Platform certificates only: a legacy merchant. */
  | "certificate"
  /** Mid-switch: answers signed with the key the request's `Wechatpay-Serial` names, else the certificate. */
  | "both";

/**
 * A WeChat Pay merchant (直连商户) as WeChat Pay knows it: the merchant's public key and serial
 * (WeChat Pay holds the merchant API certificate), the APIv3 key, and WeChat Pay's own keys.
 * The simulator never holds the merchant's private key.
 */
export interface PayMerchantOptions {
  /** 商户号. */
  mchid: string;
  /** The AppID bound to the merchant (APPID_MCHID_NOT_MATCH otherwise). Default: the simulator's account. */
  appId?: string;
  /** More AppIDs bound to the same merchant (商户平台 → AppID账号管理 → 关联AppID), e.g. other 公众号 of one company. */
  appIds?: string[];
  /** 商户简称 on the pay sheet. Default 模拟商户. */
  merchantName?: string;
  /** The merchant API certificate's serial (40 hex): `serial_no` of the merchant's Authorization. */
  merchantSerial: string;
  /** Its public key (PEM: SPKI, PKCS#1 or the certificate itself; literal `\n` accepted). */
  merchantPublicKey: string;
  /** The 32-byte APIv3 key: seals notifications and certificates. */
  apiV3Key: string;
  /** Default `public-key`. */
  mode?: PaySigningMode;
  /** The WeChat Pay public key id; default `PUB_KEY_ID_01` + digits from the mchid. */
  publicKeyId?: string;
  /** WeChat Pay's private half of the public-key pair (PEM); generated at start when absent. */
  publicKeyPrivateKey?: string;
  /** The platform certificate's private key (PEM); generated at start when absent. The certificate is made at start. */
  certificatePrivateKey?: string;
  /** Accept an http notify_url (the local demo and tests); WeChat Pay wants https. Default false. */
  allowHttpNotifyUrl?: boolean;
  /** Multiplies WeChat Pay's notification retry schedule (0.01: 15 s → 150 ms). Default 1. */
  timeScale?: number;
  /** How long a refund stays PROCESSING. Default 3000 ms. */
  refundDelayMs?: number;
  /** A `WECHATPAY/SIGNTEST/` probe before every n-th notification (0: never). Default 10. */
  signtestEvery?: number;
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

/** The run-time settings after a start or a reset. */
export function defaultConfig(options: SimulatorOptions, oauthUser: string): SimConfig {
  const localhost = ["localhost", "127.0.0.1"];
  return {
    pageSize: 10_000,
    enforce48hWindow: true,
    oauthDomains: options.oauthDomains ?? localhost,
    jsapiDomains: options.jsapiDomains ?? localhost,
    oauthUser,
    autoConsent: false,
    requireWeChatUserAgent: false,
    tokenDailyQuota: 2000,
    ipWhitelist: [],
    webhookUrl: options.webhookUrl ?? "http://127.0.0.1:3000/api/wechat",
  };
}
