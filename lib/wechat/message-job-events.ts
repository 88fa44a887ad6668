/**
 * Parsing the events that report on something the account sent: template messages,
 * subscribe notifications, mass sends and publishing jobs (their types:
 * message-job-event-types.ts).
 */
import type { MessageBase } from "./message-types";
import { asList, asRecord, num, str } from "./message-fields";
import { textField, type XmlRecord, type XmlValue } from "./xml";
import {
  PUBLISH_STATUS_NAMES,
  type JobEvent,
  type JobEventName,
  type MassSendJobFinishEvent,
  type PublishEventInfo,
  type TemplateSendJobFinishEvent,
} from "./message-job-event-types";

export type * from "./message-job-event-types";
export { JOB_EVENT_NAMES, PUBLISH_STATUS_NAMES } from "./message-job-event-types";

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
