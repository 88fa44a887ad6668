/**
 * The open platform's side of one third-party platform: registration, tickets pushed, its
 * tokens, pre_auth_codes, authorization codes and each account's authorization. Simulator-wide
 * (named by component_appid); authorizer_access_tokens live in the account's own credentials
 * (kind `authorizer`), so every API group accepts them unchanged.
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Authorization_Process_Technical_Description.html
 */
import type { Account } from "../../core/account";
import { CredentialStore, randomToken, type IssuedCredential } from "../../core/credentials";
import { defineSharedState, type SimulatorState } from "../../core/state";
import { AUTH_CODE_TTL_SECONDS, messageUrl, normalizeComponent, PRE_AUTH_CODE_TTL_SECONDS, TICKET_TTL_MS, TOKEN_TTL_SECONDS, type ComponentConfig } from "./config";

export interface AuthorizationRecord {
  authorizerAppId: string;
  refreshToken: string;
  funcInfo: number[];
  /** Seconds since the epoch. */
  authTime: number;
  /** The last pre_auth_code that authorized it (the event carries it). */
  preAuthCode?: string;
}

interface CodeRecord {
  expiresAt: number;
  used: boolean;
}

interface AuthCodeRecord extends CodeRecord {
  authorizerAppId: string;
}

/** One push to the platform's event URL and what it answered. */
export interface ComponentPushRecord {
  id: number;
  at: number;
  infoType: string;
  authorizerAppId?: string;
  url: string;
  status: number | null;
  /** The answer's body (the platform must answer `success`). */
  body?: string;
  error?: string;
  ok: boolean;
}

export type CodeLookup<T> = { ok: true; value: T } | { ok: false; errcode: number };

const PUSH_LOG_LIMIT = 200;

/** `ticket@@@…`, `preauthcode@@@…`: the prefixes WeChat's values carry. */
const prefixed = (prefix: string, length: number): string => `${prefix}@@@${randomToken(length)}`;

export class ComponentState {
  /** Undefined until configured (options, env or the control API). */
  config: ComponentConfig | undefined;
  /** Issued tickets by value → when pushed (any of the last 12 hours works, as on WeChat). */
  private readonly tickets = new Map<string, number>();
  private latestTicket: string | undefined;
  /** component_access_tokens (kind `component`), rotating like access_tokens. */
  readonly tokens: CredentialStore;
  private readonly preAuthCodes = new Map<string, CodeRecord>();
  private readonly authCodes = new Map<string, AuthCodeRecord>();
  private readonly authorizations = new Map<string, AuthorizationRecord>();
  pushes: ComponentPushRecord[] = [];
  ticketsPushed = 0;
  /** The ticket timer's handle (real time, scaled); set by events.ts. */
  timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly sim: SimulatorState) {
    this.tokens = new CredentialStore(() => sim.now());
    const configured = sim.options.component ? normalizeComponent(sim.options.component) : undefined;
    if (typeof configured === "string") throw new Error(`component: ${configured}`);
    this.config = configured;
  }

  now = (): number => this.sim.now();

  /** Back to the start-up registration; every ticket, token, code and authorization forgotten. */
  reset(): void {
    const configured = this.sim.options.component ? normalizeComponent(this.sim.options.component) : undefined;
    this.config = typeof configured === "string" ? undefined : configured;
    this.tickets.clear();
    this.latestTicket = undefined;
    this.tokens.clear();
    this.preAuthCodes.clear();
    this.authCodes.clear();
    for (const appId of this.authorizations.keys()) this.sim.account(appId)?.credentials.revoke("authorizer");
    this.authorizations.clear();
    this.pushes = [];
    this.ticketsPushed = 0;
  }

  /** A new ticket (the one about to be pushed). */
  issueTicket(): string {
    const ticket = prefixed("ticket", 86);
    const at = this.now();
    for (const [old, issuedAt] of this.tickets) if (at - issuedAt >= TICKET_TTL_MS) this.tickets.delete(old);
    this.tickets.set(ticket, at);
    this.latestTicket = ticket;
    return ticket;
  }

  /** 61006 unknown, 61005 older than 12 hours. */
  checkTicket(ticket: string): number {
    const issuedAt = this.tickets.get(ticket);
    if (issuedAt === undefined) return 61006;
    return this.now() - issuedAt >= TICKET_TTL_MS ? 61005 : 0;
  }

  hasTicket = (): boolean => this.latestTicket !== undefined;

  issueToken(): IssuedCredential {
    return this.tokens.issue("component", TOKEN_TTL_SECONDS);
  }

  issuePreAuthCode(): string {
    const code = prefixed("preauthcode", 60);
    const at = this.now();
    for (const [old, record] of this.preAuthCodes) if (at >= record.expiresAt + PRE_AUTH_CODE_TTL_SECONDS * 1000) this.preAuthCodes.delete(old);
    this.preAuthCodes.set(code, { expiresAt: at + PRE_AUTH_CODE_TTL_SECONDS * 1000, used: false });
    return code;
  }

  /** Whether the authorization page may be shown for it: unknown, used or expired → the page's error. */
  preAuthCodeProblem(code: string): "unknown" | "used" | "expired" | undefined {
    const record = this.preAuthCodes.get(code);
    if (!record) return "unknown";
    if (record.used) return "used";
    return this.now() >= record.expiresAt ? "expired" : undefined;
  }

  /** Spends a pre_auth_code (one authorization each). */
  spendPreAuthCode(code: string): boolean {
    if (this.preAuthCodeProblem(code)) return false;
    (this.preAuthCodes.get(code) as CodeRecord).used = true;
    return true;
  }

  /**
   * The account authorizes (or re-authorizes) the platform: a new refresh token (the previous
   * one stops working: 61023) and an authorization code for api_query_auth.
   */
  authorize(account: Account, funcInfo: number[], preAuthCode?: string): { record: AuthorizationRecord; authCode: string; update: boolean } {
    const update = this.authorizations.has(account.appId);
    const record: AuthorizationRecord = {
      authorizerAppId: account.appId,
      refreshToken: prefixed("refreshtoken", 43),
      funcInfo: [...funcInfo],
      authTime: Math.floor(this.now() / 1000),
      preAuthCode,
    };
    this.authorizations.set(account.appId, record);
    return { record, authCode: this.issueAuthCode(account.appId), update };
  }

  /** An authorization code for api_query_auth (10 minutes, once): the page's, or the release test's QUERY_AUTH_CODE. */
  issueAuthCode(appId: string): string {
    const authCode = prefixed("queryauthcode", 90);
    this.authCodes.set(authCode, { authorizerAppId: appId, expiresAt: this.now() + AUTH_CODE_TTL_SECONDS * 1000, used: false });
    return authCode;
  }

  /** The account withdraws: its refresh token and authorizer tokens stop working at once. */
  unauthorize(appId: string): boolean {
    const had = this.authorizations.delete(appId);
    this.sim.account(appId)?.credentials.revoke("authorizer");
    for (const record of this.authCodes.values()) if (record.authorizerAppId === appId) record.used = true;
    return had;
  }

  authorization(appId: string): AuthorizationRecord | undefined {
    return this.authorizations.get(appId);
  }

  /** Authorized accounts, oldest authorization first. */
  authorized(): AuthorizationRecord[] {
    return [...this.authorizations.values()].sort((a, b) => a.authTime - b.authTime);
  }

  /**
   * 61009 unknown (or the account withdrew since), 61010 expired. Not single use: the redirect
   * and the authorized event carry the same code, and platforms exchange it from both.
   */
  redeemAuthCode(code: string): CodeLookup<AuthorizationRecord> {
    const record = this.authCodes.get(code);
    if (!record || record.used) return { ok: false, errcode: 61009 };
    if (this.now() >= record.expiresAt) return { ok: false, errcode: 61010 };
    const authorization = this.authorizations.get(record.authorizerAppId);
    return authorization ? { ok: true, value: authorization } : { ok: false, errcode: 61009 };
  }

  /** Every component_access_token, pre_auth_code and authorization code expires now (tickets keep their 12 hours). */
  expireAll(): void {
    this.tokens.expireAll();
    for (const record of [...this.preAuthCodes.values(), ...this.authCodes.values()]) record.expiresAt = Math.min(record.expiresAt, this.now());
  }

  /** Where an authorized account's pushes go: the message URL with its AppID. */
  messageUrlFor(appId: string): string | undefined {
    return this.config ? messageUrl(this.config, appId) : undefined;
  }

  recordPush(entry: Omit<ComponentPushRecord, "id">): ComponentPushRecord {
    const record = { id: this.sim.id(), ...entry };
    this.pushes.push(record);
    if (this.pushes.length > PUSH_LOG_LIMIT) this.pushes.splice(0, this.pushes.length - PUSH_LOG_LIMIT);
    return record;
  }
}

export const componentState = defineSharedState("component", (sim) => new ComponentState(sim), {
  reset: (state) => state.reset(),
  expire: (state) => state.expireAll(),
  dispose: (state) => {
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
  },
});
