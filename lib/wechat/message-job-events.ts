/**
 * Events that report on something the account sent: template messages,
 * subscribe notifications, mass sends and publishing jobs.
 */
import type { Evt, MessageBase } from "./message-types";
import { asList, asRecord, num, str } from "./message-fields";
import { textField, type XmlRecord, type XmlValue } from "./xml";

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

const nums = (value: XmlValue | undefined): number[] =>
  asList(value).filter((v): v is string => typeof v === "string").map(num);

function templateOutcome(status: string): TemplateSendJobFinishEvent["outcome"] {
  // WeChat writes "failed:user block" and "failed: system failed" (sic, with and without the space).
  const s = status.replace(/\s+/g, "").toLowerCase();
  if (s === "success") return "success";
  if (s === "failed:userblock") return "user_block";
  if (s === "failed:systemfailed") return "system_failed";
  return "other";
}

function copyright(raw: XmlValue | undefined): MassSendJobFinishEvent["copyrightCheckResult"] {
  if (raw === undefined) return undefined;
  const r = asRecord(raw);
  const resultList = asList(asRecord(r.ResultList).item).map((value) => {
    const i = asRecord(value);
    const n = (name: string): number => num(textField(i, name));
    return {
      articleIdx: n("ArticleIdx"),
      userDeclareState: n("UserDeclareState"),
      auditState: n("AuditState"),
      originalArticleUrl: str(i, "OriginalArticleUrl"),
      originalArticleType: n("OriginalArticleType"),
      canReprint: n("CanReprint"),
      needReplaceContent: n("NeedReplaceContent"),
      needShowReprintSource: n("NeedShowReprintSource"),
    };
  });
  return { count: num(textField(r, "Count")), checkState: num(textField(r, "CheckState")), resultList };
}

function publishInfo(raw: XmlValue | undefined): PublishEventInfo {
  const r = asRecord(raw);
  const status = num(textField(r, "publish_status"));
  const detail = r.article_detail === undefined ? undefined : asRecord(r.article_detail);
  const articleId = textField(r, "article_id");
  return {
    publishId: str(r, "publish_id"),
    publishStatus: status,
    publishOutcome: PUBLISH_STATUS_NAMES[status] ?? "unknown",
    ...(articleId === undefined ? {} : { articleId }),
    ...(detail === undefined
      ? {}
      : {
          articleDetail: {
            count: num(textField(detail, "count")),
            items: asList(detail.item).map((v) => ({ idx: num(textField(asRecord(v), "idx")), articleUrl: str(asRecord(v), "article_url") })),
          },
        }),
    failIdx: nums(r.fail_idx),
  };
}

/** The List items of a subscribe_msg_* event (one <List> per template). */
function subscribeList(base: MessageBase, wrapper: string): XmlRecord[] {
  return asList(asRecord(base.raw[wrapper]).List).map(asRecord);
}

/**
 * Parses the job/notification events.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Publish/Callback_on_finish.html
 */
export function parseJobEvent(base: MessageBase, event: JobEventName): JobEvent {
  const r = base.raw;
  const e = { ...base, type: "event" as const };
  const msgId = textField(r, "MsgID") ?? str(r, "MsgId");
  switch (event) {
    case "TEMPLATESENDJOBFINISH": {
      const status = str(r, "Status");
      return { ...e, event, msgId, status, outcome: templateOutcome(status) };
    }
    case "subscribe_msg_popup_event":
      return {
        ...e, event,
        list: subscribeList(base, "SubscribeMsgPopupEvent").map((i) => ({
          templateId: str(i, "TemplateId"), subscribeStatus: str(i, "SubscribeStatusString"), popupScene: str(i, "PopupScene"),
        })),
      };
    case "subscribe_msg_change_event":
      return {
        ...e, event,
        list: subscribeList(base, "SubscribeMsgChangeEvent").map((i) => ({
          templateId: str(i, "TemplateId"), subscribeStatus: str(i, "SubscribeStatusString"),
        })),
      };
    case "subscribe_msg_sent_event":
      return {
        ...e, event,
        list: subscribeList(base, "SubscribeMsgSentEvent").map((i) => ({
          templateId: str(i, "TemplateId"), msgId: str(i, "MsgID"), errorCode: num(textField(i, "ErrorCode")), errorStatus: str(i, "ErrorStatus"),
        })),
      };
    case "MASSSENDJOBFINISH": {
      const cc = copyright(r.CopyrightCheckResult);
      const articleUrls = asList(asRecord(asRecord(r.ArticleUrlResult).ResultList).item).map((v) => ({
        articleIdx: num(textField(asRecord(v), "ArticleIdx")), articleUrl: str(asRecord(v), "ArticleUrl"),
      }));
      return {
        ...e, event, msgId,
        status: str(r, "Status"),
        totalCount: num(textField(r, "TotalCount")),
        filterCount: num(textField(r, "FilterCount")),
        sentCount: num(textField(r, "SentCount")),
        errorCount: num(textField(r, "ErrorCount")),
        ...(cc ? { copyrightCheckResult: cc } : {}),
        articleUrls,
      };
    }
    case "PUBLISHJOBFINISH":
      return { ...e, event, publishEventInfo: publishInfo(r.PublishEventInfo) };
  }
}

/**
 * The job's own id for the dedup key, when it is not a top-level MsgID:
 * publish_id, or the MsgIDs of a subscribe_msg_sent_event. "" otherwise.
 */
export function nestedJobId(raw: XmlRecord): string {
  const publishId = textField(asRecord(raw.PublishEventInfo), "publish_id");
  if (publishId) return publishId;
  return asList(asRecord(raw.SubscribeMsgSentEvent).List).map((i) => textField(asRecord(i), "MsgID") ?? "").filter(Boolean).join(",");
}
