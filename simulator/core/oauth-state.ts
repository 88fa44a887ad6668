/**
 * Web-authorization state of one account: pending consent screens, codes (single use, 5
 * minutes), web access_tokens (2 hours) and refresh_tokens (30 days).
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
import { randomToken } from "./credentials";

export type OAuthScope = "snsapi_base" | "snsapi_userinfo";

/** An authorize request waiting for the user's decision on the consent page. */
export interface PendingAuthorization {
  id: string;
  /** Set when a third-party platform asked on the account's behalf (authorize's component_appid). */
  componentAppId?: string;
  redirectUri: string;
  state: string;
  scope: OAuthScope;
  createdAt: number;
}

export interface OAuthGrant {
  openid: string;
  scope: OAuthScope;
  snapshot: boolean;
  /** The third-party platform the code was issued through: only its component endpoint redeems it. */
  componentAppId?: string;
}

interface CodeRecord extends OAuthGrant {
  expiresAt: number;
  used: boolean;
}

export interface WebToken extends OAuthGrant {
  expiresAt: number;
}

const CODE_TTL_MS = 5 * 60_000;
const WEB_TOKEN_TTL_SECONDS = 7200;
const REFRESH_TTL_MS = 30 * 24 * 3600_000;
const PENDING_TTL_MS = 30 * 60_000;

export type Lookup<T> = { ok: true; value: T } | { ok: false; errcode: number };

export class OAuthState {
  private readonly pending = new Map<string, PendingAuthorization>();
  private readonly codes = new Map<string, CodeRecord>();
  private readonly tokens = new Map<string, WebToken>();
  private readonly refreshTokens = new Map<string, OAuthGrant & { expiresAt: number }>();
  codesIssued = 0;
  tokensIssued = 0;

  constructor(private readonly now: () => number) {}

  addPending(request: Omit<PendingAuthorization, "id" | "createdAt">): PendingAuthorization {
    const at = this.now();
    for (const [id, p] of this.pending) if (at - p.createdAt > PENDING_TTL_MS) this.pending.delete(id);
    const pending = { ...request, id: randomToken(24), createdAt: at };
    this.pending.set(pending.id, pending);
    return pending;
  }

  hasPending(id: string): boolean {
    return this.pending.has(id);
  }

  /** Takes (and forgets) a pending request: a consent page is answered once. */
  takePending(id: string): PendingAuthorization | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    return pending;
  }

  issueCode(grant: OAuthGrant): string {
    const at = this.now();
    // Forget long-dead codes so a benchmark's thousands of sign-ins do not pile up.
    for (const [old, r] of this.codes) if (at >= r.expiresAt + CODE_TTL_MS) this.codes.delete(old);
    const code = `0${randomToken(31).replace(/[-_]/g, "a")}`;
    this.codes.set(code, { ...grant, expiresAt: at + CODE_TTL_MS, used: false });
    this.codesIssued++;
    return code;
  }

  /**
   * 40163 when reused, 40029 when unknown, older than 5 minutes, or issued through another
   * route (a platform's code at the account's endpoint, or the reverse).
   */
  redeemCode(code: string, componentAppId?: string): Lookup<OAuthGrant> {
    const record = this.codes.get(code);
    if (!record || record.componentAppId !== componentAppId) return { ok: false, errcode: 40029 };
    if (record.used) return { ok: false, errcode: 40163 };
    if (this.now() >= record.expiresAt) return { ok: false, errcode: 40029 };
    record.used = true;
    return { ok: true, value: { openid: record.openid, scope: record.scope, snapshot: record.snapshot, ...(componentAppId ? { componentAppId } : {}) } };
  }

  issueToken(grant: OAuthGrant): { accessToken: string; expiresIn: number } {
    const at = this.now();
    for (const [old, r] of this.tokens) if (at >= r.expiresAt + CODE_TTL_MS) this.tokens.delete(old);
    const accessToken = randomToken(110);
    this.tokens.set(accessToken, { ...grant, expiresAt: at + WEB_TOKEN_TTL_SECONDS * 1000 });
    this.tokensIssued++;
    return { accessToken, expiresIn: WEB_TOKEN_TTL_SECONDS };
  }

  issueRefreshToken(grant: OAuthGrant): string {
    const refreshToken = randomToken(110);
    this.refreshTokens.set(refreshToken, { ...grant, expiresAt: this.now() + REFRESH_TTL_MS });
    return refreshToken;
  }

  /** 40030 for an unknown refresh_token (or one issued through another route), 42002 for an expired one. */
  checkRefreshToken(refreshToken: string, componentAppId?: string): Lookup<OAuthGrant> {
    const record = this.refreshTokens.get(refreshToken);
    if (!record || record.componentAppId !== componentAppId) return { ok: false, errcode: 40030 };
    if (this.now() >= record.expiresAt) return { ok: false, errcode: 42002 };
    return { ok: true, value: { openid: record.openid, scope: record.scope, snapshot: record.snapshot } };
  }

  /** 40001 unknown, 42001 expired. */
  checkToken(accessToken: string): Lookup<WebToken> {
    const record = this.tokens.get(accessToken);
    if (!record) return { ok: false, errcode: 40001 };
    if (this.now() >= record.expiresAt) return { ok: false, errcode: 42001 };
    return { ok: true, value: record };
  }

  /** Expires web tokens and codes now (refresh tokens keep their 30 days, as after a long idle). */
  expireAll(): void {
    const at = this.now();
    for (const record of this.tokens.values()) record.expiresAt = Math.min(record.expiresAt, at);
    for (const record of this.codes.values()) record.expiresAt = Math.min(record.expiresAt, at);
  }

  clear(): void {
    this.pending.clear();
    this.codes.clear();
    this.tokens.clear();
    this.refreshTokens.clear();
    this.codesIssued = 0;
    this.tokensIssued = 0;
  }
}
