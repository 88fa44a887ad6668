/** A merchant's run-time settings (`POST /__sim/pay/merchant`), their defaults and their validation. */
import type { PayMerchantOptions, PaySigningMode } from "../../core/options";

export type RefundOutcome = "SUCCESS" | "ABNORMAL" | "CLOSED";

export interface MerchantSettings {
  mode: PaySigningMode;
  /** In `both` mode, which key signs notifications (answers follow the request's Wechatpay-Serial). */
  notificationSigner: "public-key" | "certificate";
  merchantName: string;
  allowHttpNotifyUrl: boolean;
  /** Multiplies the notification retry schedule. */
  timeScale: number;
  /** A refund stays PROCESSING this long, then ends as `refundOutcome`. */
  refundDelayMs: number;
  refundOutcome: RefundOutcome;
  /** Notifications are recorded but not sent (the app must query); `retry` sends one by hand. */
  dropNotifications: boolean;
  /** Wait before the first attempt of each notification. */
  notificationDelayMs: number;
  /** WeChat Pay hangs up on the app after this long and counts a failure. */
  notificationTimeoutMs: number;
  /** A SIGNTEST probe before every n-th notification (0: never). */
  signtestEvery: number;
  /** 支付授权目录: the pay sheet opens only for pages under one of these (empty: any page). */
  payDirectories: string[];
}

export function defaultSettings(options: PayMerchantOptions): MerchantSettings {
  return {
    mode: options.mode ?? "public-key",
    notificationSigner: "certificate",
    merchantName: options.merchantName ?? "模拟商户",
    allowHttpNotifyUrl: options.allowHttpNotifyUrl ?? false,
    timeScale: options.timeScale ?? 1,
    refundDelayMs: options.refundDelayMs ?? 3000,
    refundOutcome: "SUCCESS",
    dropNotifications: false,
    notificationDelayMs: 0,
    notificationTimeoutMs: 5000,
    signtestEvery: options.signtestEvery ?? 10,
    payDirectories: [],
  };
}

const MODES: readonly PaySigningMode[] = ["public-key", "certificate", "both"];
const OUTCOMES: readonly RefundOutcome[] = ["SUCCESS", "ABNORMAL", "CLOSED"];

type Check = (value: unknown) => string | null;
const number = (min: number, max: number): Check => (v) => (typeof v === "number" && Number.isFinite(v) && v >= min && v <= max ? null : `must be a number ${min}..${max}`);
const oneOf = (list: readonly string[]): Check => (v) => (typeof v === "string" && list.includes(v) ? null : `must be one of ${list.join(", ")}`);
const flag: Check = (v) => (typeof v === "boolean" ? null : "must be a boolean");

const CHECKS: Record<keyof MerchantSettings, Check> = {
  mode: oneOf(MODES),
  notificationSigner: oneOf(["public-key", "certificate"]),
  merchantName: (v) => (typeof v === "string" && v.trim() !== "" && v.length <= 64 ? null : "must be 1..64 characters"),
  allowHttpNotifyUrl: flag,
  timeScale: number(0, 1000),
  refundDelayMs: number(0, 86_400_000),
  refundOutcome: oneOf(OUTCOMES),
  dropNotifications: flag,
  notificationDelayMs: number(0, 600_000),
  notificationTimeoutMs: number(1, 60_000),
  signtestEvery: (v) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? null : "must be a non-negative integer"),
  payDirectories: (v) => (Array.isArray(v) && v.every((d) => typeof d === "string" && /^https?:\/\/[^/]+\/(.*\/)?$/.test(d)) ? null : "must be URLs ending with /"),
};

/** Applies a partial settings object (every key checked first); an error names the key, and then nothing changed. */
export function applySettings(settings: MerchantSettings, patch: Record<string, unknown>): string | null {
  for (const [key, value] of Object.entries(patch)) {
    if (key === "mchid") continue;
    const check = CHECKS[key as keyof MerchantSettings] as Check | undefined;
    if (!check) return `unknown setting ${key}`;
    const error = check(value);
    if (error) return `${key} ${error}`;
  }
  for (const [key, value] of Object.entries(patch)) if (key !== "mchid") (settings as unknown as Record<string, unknown>)[key] = value;
  return null;
}
