/**
 * Everything the simulator remembers, usable in-process by tests (the same
 * object the HTTP routes use). Token and ticket values live here but are
 * never logged nor returned by the control API.
 */
import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import { CredentialStore } from "./credentials";
import { FaultRegistry } from "./faults";
import { OAuthStore } from "./oauth-store";
import { DEFAULT_FOLLOWER_COUNT, UserDirectory, seedUsers, type SimUser } from "./users";
import type { ConversationEntry, CustomMessage, JsapiCallRecord, ApiLogEntry } from "./records";
import type { PushResult } from "./pusher-types";

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

const LOG_LIMIT = 1000;

export class SimulatorState {
  readonly appId: string;
  readonly appSecret: string;
  readonly token: string;
  readonly encodingAESKey: string | undefined;
  readonly accessTokenTtlSeconds: number;
  readonly accountName: string;
  readonly originalId: string;
  publicUrl = "";
  config!: SimConfig;
  readonly credentials: CredentialStore;
  readonly oauth: OAuthStore;
  readonly faults = new FaultRegistry();
  users!: UserDirectory;
  calls: Record<string, number> = {};
  apiLog: ApiLogEntry[] = [];
  conversation: ConversationEntry[] = [];
  customMessages: CustomMessage[] = [];
  jsapiCalls: JsapiCallRecord[] = [];
  pushes: PushResult[] = [];
  /** cgi-bin/token calls per Beijing day, for the 45009 quota. */
  tokenCallsByDay = new Map<string, number>();
  /** When stable_token force_refresh succeeded (ms). */
  forceRefreshTimes: number[] = [];
  /** Responses held open by `hang` faults. */
  readonly hung = new Set<ServerResponse>();
  private nextId = 1;

  constructor(private readonly options: SimulatorOptions) {
    if (!options.appId || !options.appSecret || !options.token) throw new Error("appId, appSecret and token are required");
    this.appId = options.appId;
    this.appSecret = options.appSecret;
    this.token = options.token;
    this.encodingAESKey = options.encodingAESKey || undefined;
    this.accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 7200;
    this.accountName = options.accountName ?? "模拟公众号";
    this.originalId = options.originalId ?? `gh_${createHash("sha1").update(options.appId).digest("hex").slice(0, 12)}`;
    this.credentials = new CredentialStore(() => this.now());
    this.oauth = new OAuthStore(() => this.now());
    this.reset();
  }

  now(): number {
    return this.options.clock ? this.options.clock() : Date.now();
  }

  /** Monotonic id for log entries (UI polling uses `since`). */
  id(): number {
    return this.nextId++;
  }

  /** Back to the start: fresh seed, no tokens, no faults (hung requests are dropped), default config. */
  reset(): void {
    this.credentials.clear();
    this.oauth.clear();
    this.faults.clear();
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    this.users = new UserDirectory(seedUsers(this.appId, this.options.followers ?? DEFAULT_FOLLOWER_COUNT));
    this.calls = {};
    this.apiLog = [];
    this.conversation = [];
    this.customMessages = [];
    this.jsapiCalls = [];
    this.pushes = [];
    this.tokenCallsByDay.clear();
    this.forceRefreshTimes = [];
    const localhost = ["localhost", "127.0.0.1"];
    this.config = {
      pageSize: 10_000,
      enforce48hWindow: true,
      oauthDomains: this.options.oauthDomains ?? localhost,
      jsapiDomains: this.options.jsapiDomains ?? localhost,
      oauthUser: this.users.all[0]?.openid ?? "",
      autoConsent: false,
      requireWeChatUserAgent: false,
      tokenDailyQuota: 2000,
      ipWhitelist: [],
      webhookUrl: this.options.webhookUrl ?? "http://127.0.0.1:3000/api/wechat",
    };
  }

  countCall(endpoint: string): void {
    this.calls[endpoint] = (this.calls[endpoint] ?? 0) + 1;
  }

  logApi(entry: Omit<ApiLogEntry, "id">): void {
    this.apiLog.push({ id: this.id(), ...entry });
    if (this.apiLog.length > LOG_LIMIT) this.apiLog.splice(0, this.apiLog.length - LOG_LIMIT);
  }

  addConversation(entry: Omit<ConversationEntry, "id" | "at">): ConversationEntry {
    const full = { id: this.id(), at: this.now(), ...entry };
    this.conversation.push(full);
    if (this.conversation.length > LOG_LIMIT * 5) this.conversation.splice(0, this.conversation.length - LOG_LIMIT * 5);
    return full;
  }

  /** Opens the 48-hour customer-service window for a user (as if they had just sent a message). */
  markActive(openid: string): SimUser | undefined {
    const user = this.users.get(openid);
    if (user) user.lastInboundAt = this.now();
    return user;
  }

  /** Expires every access_token, ticket, web token and unused code now (→ 42001 / 40029). */
  expireTokens(): void {
    this.credentials.expireAll();
    this.oauth.expireAll();
  }

  /** Counters for `GET /__sim/state` — never any token value. */
  snapshot(): Record<string, unknown> {
    const c = this.credentials;
    return {
      now: this.now(),
      appId: this.appId,
      calls: { ...this.calls },
      issued: {
        accessTokens: c.issued("classic"),
        stableTokens: c.issued("stable"),
        jsapiTickets: c.issued("jsapi") + c.issued("wx_card"),
        oauthCodes: this.oauth.codesIssued,
        webAccessTokens: this.oauth.tokensIssued,
      },
      valid: {
        accessTokens: c.validCount("classic"),
        stableTokens: c.validCount("stable"),
        jsapiTickets: c.validCount("jsapi"),
      },
      forceRefreshes: this.forceRefreshTimes.length,
      faults: this.faults.list(),
      config: { ...this.config },
      followers: this.users.followers().length,
      customMessages: this.customMessages.length,
      jsapiCalls: this.jsapiCalls.length,
      pushes: this.pushes.length,
      hungRequests: this.hung.size,
    };
  }
}

/** The Beijing (UTC+8) calendar day of a timestamp: WeChat quotas reset at 00:00 there. */
export function beijingDay(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}
