/**
 * The events WeChat pushes about notifications and about the account itself,
 * as XML, and their delivery through the pusher after the API call answered.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Wechat_Accreditation_Event_Push.html
 */
import type { Account } from "../../core/account";
import type { SimulatorState } from "../../core/state";
import { cdata } from "../../protocol/xml";
import { eventXml } from "../../push/messages";
import { pushMessage } from "../../push/pusher";
import type { PushResult } from "../../push/pusher-types";

export const ACCOUNT_EVENTS = ["qualification_verify_success", "qualification_verify_fail", "naming_verify_success", "naming_verify_fail", "annual_renew", "verify_expired"] as const;
export type AccountEventName = (typeof ACCOUNT_EVENTS)[number];

function head(account: Account, openid: string, event: string): string {
  const t = Math.floor(account.now() / 1000);
  return `<ToUserName>${cdata(account.originalId)}</ToUserName><FromUserName>${cdata(openid)}</FromUserName><CreateTime>${t}</CreateTime><MsgType>${cdata("event")}</MsgType><Event>${cdata(event)}</Event>`;
}

/** TEMPLATESENDJOBFINISH; status is "success", "failed:user block" or "failed: system failed". */
export function templateJobFinishXml(account: Account, openid: string, msgId: string, status: string): string {
  return `<xml>${head(account, openid, "TEMPLATESENDJOBFINISH")}<MsgID>${msgId}</MsgID><Status>${cdata(status)}</Status></xml>`;
}

/** The subscribe_msg_* events carry one <List> per template (not <item>s). */
export function subscribeEventXml(
  account: Account,
  openid: string,
  event: "subscribe_msg_popup_event" | "subscribe_msg_change_event" | "subscribe_msg_sent_event",
  items: Array<Record<string, string | number>>,
): string {
  const wrapper = { subscribe_msg_popup_event: "SubscribeMsgPopupEvent", subscribe_msg_change_event: "SubscribeMsgChangeEvent", subscribe_msg_sent_event: "SubscribeMsgSentEvent" }[event];
  const lists = items
    .map((item) => `<List>${Object.entries(item).map(([k, v]) => `<${k}>${typeof v === "number" ? v : cdata(v)}</${k}>`).join("")}</List>`)
    .join("");
  return `<xml>${head(account, openid, event)}<${wrapper}>${lists}</${wrapper}></xml>`;
}

export interface AccountEventInput {
  event: AccountEventName;
  /** Seconds; default one year from now for successes and renewals. */
  expiredTime?: number;
  failTime?: number;
  failReason?: string;
}

/** An account event (verification, naming, renewal, expiry); FromUserName is the platform's. */
export function accountEventXml(account: Account, input: AccountEventInput): string {
  const now = Math.floor(account.now() / 1000);
  const fields: Record<string, string | number> = {};
  if (input.event.endsWith("_fail")) {
    fields.FailTime = input.failTime ?? now;
    fields.FailReason = input.failReason ?? "资料审核不通过";
  } else {
    fields.ExpiredTime = input.expiredTime ?? (input.event === "verify_expired" ? now : now + 365 * 86400);
  }
  return eventXml(account.originalId, "weixin", now, input.event, fields);
}

/** Pushes after the current API answer went out, as WeChat does; failures are recorded, never thrown. */
export function pushLater(state: SimulatorState, account: Account, xml: string, openid: string): Promise<PushResult | null> {
  return new Promise((resolve) => {
    setTimeout(() => {
      pushMessage(state, { xml, openid }, account).then(resolve, () => resolve(null));
    }, 20).unref();
  });
}
