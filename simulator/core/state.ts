/**
 * Everything the simulator remembers, usable in-process by tests (the same
 * object the HTTP routes use). Token and ticket values live here but are
 * never logged nor returned by the control API.
 */
import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import { CredentialStore } from "./credentials";
import { DraftStore } from "./draft-store";
import { MassStore } from "./mass-store";
import { FaultRegistry } from "./faults";
import { NotifyState } from "./notify-state";
import { MediaStore } from "./media-state";
import { MenuStore } from "./menu-state";
import { OAuthStore } from "./oauth-store";
import { OpsState } from "./ops-state";
import { QrCodeStore } from "./qrcode-state";
import { DEFAULT_FOLLOWER_COUNT, UserDirectory, seedUsers, type SimUser } from "./users";
import type { ConversationEntry, CustomMessage, JsapiCallRecord, ApiLogEntry } from "./records";
import type { SimConfig, SimulatorOptions } from "./options";
import type { PushResult } from "./pusher-types";

export type { SimConfig, SimulatorOptions } from "./options";

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
  /** Draft box, published articles and publish jobs. */
  drafts!: DraftStore;
  mass!: MassStore;
  ops!: OpsState;
  /** Template messages and subscribe notifications. */
  notify!: NotifyState;
  menus!: MenuStore;
  media!: MediaStore;
  qrcodes!: QrCodeStore;
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
    this.drafts = new DraftStore(this.appId);
    this.mass = new MassStore();
    this.notify = new NotifyState(this.appId);
    this.menus = new MenuStore();
    this.media = new MediaStore(() => this.now());
    this.qrcodes = new QrCodeStore(() => this.now());
    this.calls = {};
    this.ops = new OpsState();
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
    this.ops.count(endpoint, this.now());
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
