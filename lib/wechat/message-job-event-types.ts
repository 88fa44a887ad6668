/**
 * The typed view of the events that report on something the account sent: template
 * messages, subscribe notifications, mass sends and publishing jobs. Parsed in
 * message-job-events.ts.
 */
import type { Evt } from "./message-types";

/**
 * `status` is WeChat's text ("success", "failed:user block", "failed: system failed");
 * `outcome` is the same, normalised.
 * Note: WeChat spells the id `MsgID` in the job-finished events.
 */
export type TemplateSendJobFinishEvent = Evt<
  "TEMPLATESENDJOBFINISH",
  { msgId: string; status: string; outcome: "success" | "user_block" | "system_failed" | "other" }
>;

/** The user's choice for one template: `accept` or `reject` (as WeChat spells them). */
export type SubscribeMsgStatus = "accept" | "reject" | (string & {});
export type SubscribePopupItem = { templateId: string; subscribeStatus: SubscribeMsgStatus; popupScene: string };
export type SubscribeChangeItem = { templateId: string; subscribeStatus: SubscribeMsgStatus };
export type SubscribeSentItem = { templateId: string; msgId: string; errorCode: number; errorStatus: string };
/** The user answered the subscribe popup (PopupScene 0 = article, 1 = menu/profile, 2 = web page). */
export type SubscribeMsgPopupEvent = Evt<"subscribe_msg_popup_event", { list: SubscribePopupItem[] }>;
/** The user changed their choice in the notification settings (only rejections are pushed today). */
export type SubscribeMsgChangeEvent = Evt<"subscribe_msg_change_event", { list: SubscribeChangeItem[] }>;
/** The outcome of a bizsend: ErrorCode 0 success, 20001 system failure, 20004… (see the docs). */
export type SubscribeMsgSentEvent = Evt<"subscribe_msg_sent_event", { list: SubscribeSentItem[] }>;

export type CopyrightCheckItem = {
  articleIdx: number;
  userDeclareState: number;
  auditState: number;
  originalArticleUrl: string;
  originalArticleType: number;
  canReprint: number;
  needReplaceContent: number;
  needShowReprintSource: number;
};
export type MassSendJobFinishEvent = Evt<
  "MASSSENDJOBFINISH",
  {
    msgId: string;
    /** "sendsuccess", "sendfail" or "err(<code>)". */
    status: string;
    totalCount: number;
    filterCount: number;
    sentCount: number;
    errorCount: number;
    /** Present when the articles went through the original-content check. */
    copyrightCheckResult?: { count: number; checkState: number; resultList: CopyrightCheckItem[] };
    articleUrls: Array<{ articleIdx: number; articleUrl: string }>;
  }
>;

/** 0 success, 1 publishing, 2 original-check failed, 3 failed, 4 platform audit failed, 5 deleted by the user, 6 banned. */
export type PublishStatus = 0 | 1 | 2 | 3 | 4 | 5 | 6;
export const PUBLISH_STATUS_NAMES = ["success", "publishing", "original_fail", "normal_fail", "audit_fail", "deleted", "banned"] as const;
export type PublishEventInfo = {
  publishId: string;
  publishStatus: PublishStatus | number;
  publishOutcome: (typeof PUBLISH_STATUS_NAMES)[number] | "unknown";
  /** On success. */
  articleId?: string;
  articleDetail?: { count: number; items: Array<{ idx: number; articleUrl: string }> };
  /** On failures 2 and 4: the 1-based indexes of the failing articles. */
  failIdx: number[];
};
export type PublishJobFinishEvent = Evt<"PUBLISHJOBFINISH", { publishEventInfo: PublishEventInfo }>;

export type JobEvent =
  | TemplateSendJobFinishEvent
  | SubscribeMsgPopupEvent
  | SubscribeMsgChangeEvent
  | SubscribeMsgSentEvent
  | MassSendJobFinishEvent
  | PublishJobFinishEvent;
export type JobEventName = JobEvent["event"];
export const JOB_EVENT_NAMES: readonly JobEventName[] = [
  "TEMPLATESENDJOBFINISH", "subscribe_msg_popup_event", "subscribe_msg_change_event", "subscribe_msg_sent_event",
  "MASSSENDJOBFINISH", "PUBLISHJOBFINISH",
];
