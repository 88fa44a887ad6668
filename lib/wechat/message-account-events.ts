/**
 * Events about the account itself that an operator must not miss
 * (verification, naming, renewal, expiry) and the customer-service session events.
 */
import { numField, str } from "./message-fields";
import type { Evt, MessageBase } from "./message-types";

/** `expiredTime`: seconds since the epoch when the verification (or the renewal) runs out. */
export type QualificationVerifySuccessEvent = Evt<"qualification_verify_success", { expiredTime: number }>;
/** `failTime`: seconds since the epoch; `failReason`: WeChat's text. */
export type QualificationVerifyFailEvent = Evt<"qualification_verify_fail", { failTime: number; failReason: string }>;
export type NamingVerifySuccessEvent = Evt<"naming_verify_success", { expiredTime: number }>;
export type NamingVerifyFailEvent = Evt<"naming_verify_fail", { failTime: number; failReason: string }>;
/** The yearly re-verification is due (pushed from three months before `expiredTime`). */
export type AnnualRenewEvent = Evt<"annual_renew", { expiredTime: number }>;
/** The verification has lapsed: verified-only APIs stop working. */
export type VerifyExpiredEvent = Evt<"verify_expired", { expiredTime: number }>;

export type KfCreateSessionEvent = Evt<"kf_create_session", { kfAccount: string }>;
export type KfCloseSessionEvent = Evt<"kf_close_session", { kfAccount: string }>;
export type KfSwitchSessionEvent = Evt<"kf_switch_session", { fromKfAccount: string; toKfAccount: string }>;

export type AccountEvent =
  | QualificationVerifySuccessEvent
  | QualificationVerifyFailEvent
  | NamingVerifySuccessEvent
  | NamingVerifyFailEvent
  | AnnualRenewEvent
  | VerifyExpiredEvent
  | KfCreateSessionEvent
  | KfCloseSessionEvent
  | KfSwitchSessionEvent;
export type AccountEventName = AccountEvent["event"];
export const ACCOUNT_EVENT_NAMES: readonly AccountEventName[] = [
  "qualification_verify_success", "qualification_verify_fail", "naming_verify_success", "naming_verify_fail",
  "annual_renew", "verify_expired", "kf_create_session", "kf_close_session", "kf_switch_session",
];

/**
 * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Wechat_Accreditation_Event_Push.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Session_control.html
 */
export function parseAccountEvent(base: MessageBase, event: AccountEventName): AccountEvent {
  const r = base.raw;
  const e = { ...base, type: "event" as const };
  switch (event) {
    case "qualification_verify_success":
    case "naming_verify_success":
    case "annual_renew":
    case "verify_expired":
      return { ...e, event, expiredTime: numField(r, "ExpiredTime") };
    case "qualification_verify_fail":
    case "naming_verify_fail":
      return { ...e, event, failTime: numField(r, "FailTime"), failReason: str(r, "FailReason") };
    case "kf_create_session":
    case "kf_close_session":
      return { ...e, event, kfAccount: str(r, "KfAccount") };
    case "kf_switch_session":
      return { ...e, event, fromKfAccount: str(r, "FromKfAccount"), toKfAccount: str(r, "ToKfAccount") };
  }
}
