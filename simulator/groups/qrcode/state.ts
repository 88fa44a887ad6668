/**
 * QR code tickets and short keys the simulator issued, with their scenes and
 * expiry. Written from the docs (not from lib/).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/KEY_Shortener.html
 */
import { randomBytes } from "node:crypto";
import { defineState } from "../../core/account";

export interface SimQrCode {
  ticket: string;
  /** The scene as pushed in EventKey (a numeric scene as its decimal string). */
  scene: string;
  actionName: "QR_SCENE" | "QR_STR_SCENE" | "QR_LIMIT_SCENE" | "QR_LIMIT_STR_SCENE";
  permanent: boolean;
  createdAt: number;
  /** ms; null for permanent codes. */
  expiresAt: number | null;
  /** What the QR code encodes. */
  url: string;
  scans: number;
}

export interface SimShortKey {
  longData: string;
  createdAt: number;
  expiresAt: number;
}

/** A 1×1 PNG: showqrcode only needs to answer with a real image. */
export const QR_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

export class QrCodeState {
  readonly codes = new Map<string, SimQrCode>();
  readonly shortKeys = new Map<string, SimShortKey>();

  constructor(private readonly now: () => number) {}

  issue(input: Omit<SimQrCode, "ticket" | "url" | "scans" | "createdAt">): SimQrCode {
    // Standard base64 with + / =, like WeChat's tickets: callers must URL-encode them.
    const ticket = `gQ${randomBytes(45).toString("base64")}`;
    const code: SimQrCode = { ...input, ticket, createdAt: this.now(), url: `http://weixin.qq.com/q/${randomBytes(16).toString("hex")}`, scans: 0 };
    this.codes.set(ticket, code);
    return code;
  }

  /** A ticket still valid now, or undefined. */
  valid(ticket: string): SimQrCode | undefined {
    const code = this.codes.get(ticket);
    if (!code || (code.expiresAt !== null && code.expiresAt <= this.now())) return undefined;
    return code;
  }

  shorten(longData: string, expireSeconds: number): string {
    const key = randomBytes(11).toString("base64url").slice(0, 15);
    this.shortKeys.set(key, { longData, createdAt: this.now(), expiresAt: this.now() + expireSeconds * 1000 });
    return key;
  }

  fetchShort(key: string): SimShortKey | undefined {
    const entry = this.shortKeys.get(key);
    return entry && entry.expiresAt > this.now() ? entry : undefined;
  }
}

export const qrcodeState = defineState("qrcode", (account) => new QrCodeState(account.now));
