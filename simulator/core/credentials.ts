/**
 * access_tokens and JS-SDK tickets with WeChat's rotation rule: issuing a new
 * one supersedes the previous one of the same kind, which keeps working for
 * five more minutes.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
 */
import { randomBytes } from "node:crypto";

/**
 * classic (cgi-bin/token), stable (stable_token), jsapi / wx_card (tickets), authorizer (an
 * authorizer_access_token a third-party platform got for the account), component (the
 * platform's own component_access_token, held by the platform, not by an account).
 */
export type CredentialKind = "classic" | "stable" | "jsapi" | "wx_card" | "authorizer" | "component";

/** One issued token or ticket. Values never leave the simulator except in the API answer itself. */
export interface IssuedCredential {
  value: string;
  kind: CredentialKind;
  issuedAt: number;
  expiresAt: number;
  /** Set once superseded: usable until then (or expiry, whichever comes first). */
  graceUntil?: number;
}

export type CredentialCheck =
  | { ok: true; credential: IssuedCredential }
  | { ok: false; errcode: 40001 | 42001 };

/** Superseded tokens and tickets stay valid this long. */
const GRACE_MS = 5 * 60_000;

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

/** Random string over WeChat's token alphabet. */
export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[(bytes[i] ?? 0) & 63];
  return out;
}

function newValue(kind: CredentialKind): string {
  // Real access_tokens are ~150 chars with a numeric prefix; tickets ~86 chars.
  if (kind === "classic" || kind === "stable" || kind === "authorizer" || kind === "component") return `${90 + (randomBytes(1)[0] ?? 0) % 9}_${randomToken(150)}`;
  return randomToken(86);
}

export class CredentialStore {
  private readonly byValue = new Map<string, IssuedCredential>();
  private readonly latest = new Map<CredentialKind, IssuedCredential>();
  private readonly issuedCount = new Map<CredentialKind, number>();

  constructor(private readonly now: () => number) {}

  /** Issues a new credential; the previous one of this kind enters its grace period. */
  issue(kind: CredentialKind, ttlSeconds: number): IssuedCredential {
    const at = this.now();
    this.prune(at);
    const previous = this.latest.get(kind);
    if (previous && previous.graceUntil === undefined) {
      previous.graceUntil = Math.min(previous.expiresAt, at + GRACE_MS);
    }
    const credential: IssuedCredential = { value: newValue(kind), kind, issuedAt: at, expiresAt: at + ttlSeconds * 1000 };
    this.byValue.set(credential.value, credential);
    this.latest.set(kind, credential);
    this.issuedCount.set(kind, (this.issuedCount.get(kind) ?? 0) + 1);
    return credential;
  }

  /** The newest credential of a kind while it has not expired. */
  current(kind: CredentialKind): IssuedCredential | undefined {
    const credential = this.latest.get(kind);
    return credential && this.now() < credential.expiresAt ? credential : undefined;
  }

  /** 40001 for unknown or superseded-past-grace values, 42001 for expired ones. */
  check(value: string, kinds?: CredentialKind[]): CredentialCheck {
    const credential = this.byValue.get(value);
    if (!credential || (kinds && !kinds.includes(credential.kind))) return { ok: false, errcode: 40001 };
    const at = this.now();
    if (credential.graceUntil !== undefined && at >= credential.graceUntil && at < credential.expiresAt) {
      return { ok: false, errcode: 40001 };
    }
    if (at >= credential.expiresAt) return { ok: false, errcode: 42001 };
    return { ok: true, credential };
  }

  /** Every currently valid credential of the given kinds (tickets for JS-SDK verification). */
  valid(kinds: CredentialKind[]): IssuedCredential[] {
    return [...this.byValue.values()].filter((c) => kinds.includes(c.kind) && this.check(c.value).ok);
  }

  /** Makes everything expire now: API calls then get 42001. */
  expireAll(): void {
    const at = this.now();
    for (const credential of this.byValue.values()) {
      credential.expiresAt = Math.min(credential.expiresAt, at);
      if (credential.graceUntil !== undefined) credential.graceUntil = Math.min(credential.graceUntil, at);
    }
  }

  issued(kind: CredentialKind): number {
    return this.issuedCount.get(kind) ?? 0;
  }

  /** Number of credentials of a kind that would pass `check` now. */
  validCount(kind: CredentialKind): number {
    return this.valid([kind]).length;
  }

  /** Drops every credential of a kind at once (an account withdrawing a platform's authorization). */
  revoke(kind: CredentialKind): void {
    for (const [value, credential] of this.byValue) if (credential.kind === kind) this.byValue.delete(value);
    this.latest.delete(kind);
  }

  clear(): void {
    this.byValue.clear();
    this.latest.clear();
    this.issuedCount.clear();
  }

  private prune(at: number): void {
    // Forget superseded credentials long past their grace period (they answer 40001 either way).
    for (const [value, credential] of this.byValue) {
      if (credential.graceUntil !== undefined && at >= credential.graceUntil + GRACE_MS) this.byValue.delete(value);
    }
  }
}
