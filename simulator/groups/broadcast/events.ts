/**
 * The job-finished events WeChat pushes after publishing and mass sending,
 * as documented (nested elements, bare numbers, CDATA strings).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Publish/Publish.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import type { Account } from "../../core/account";
import type { SimulatorState } from "../../core/state";
import { cdata } from "../../protocol/xml";
import { pushMessage } from "../../push/pusher";

/** The events' head: FromUserName is the account's operator (the configured OAuth user stands in). */
function head(state: SimulatorState, account: Account, event: string): string {
  return (
    `<ToUserName>${cdata(account.originalId)}</ToUserName><FromUserName>${cdata(state.config.oauthUser)}</FromUserName>` +
    `<CreateTime>${Math.floor(account.now() / 1000)}</CreateTime><MsgType>${cdata("event")}</MsgType><Event>${cdata(event)}</Event>`
  );
}

export interface PublishFinish {
  publishId: string;
  status: number;
  articleId?: string;
  urls?: string[];
  failIdx?: number[];
}

export function publishJobFinishXml(state: SimulatorState, account: Account, f: PublishFinish): string {
  let info = `<publish_id>${f.publishId}</publish_id><publish_status>${f.status}</publish_status>`;
  if (f.articleId !== undefined) {
    const items = (f.urls ?? []).map((url, i) => `<item><idx>${i + 1}</idx><article_url>${cdata(url)}</article_url></item>`).join("");
    info += `<article_id>${cdata(f.articleId)}</article_id><article_detail><count>${f.urls?.length ?? 0}</count>${items}</article_detail>`;
  }
  for (const idx of f.failIdx ?? []) info += `<fail_idx>${idx}</fail_idx>`;
  return `<xml>${head(state, account, "PUBLISHJOBFINISH")}<PublishEventInfo>${info}</PublishEventInfo></xml>`;
}

export interface MassFinish {
  msgId: string;
  /** "send success", "send fail" or "err(<code>)". */
  status: string;
  total: number;
  filtered: number;
  sent: number;
  errors: number;
  /** mpnews only: the articles' URLs. */
  articleUrls?: string[];
}

export function massSendJobFinishXml(state: SimulatorState, account: Account, f: MassFinish): string {
  let body =
    `<MsgID>${f.msgId}</MsgID><Status>${cdata(f.status)}</Status><TotalCount>${f.total}</TotalCount>` +
    `<FilterCount>${f.filtered}</FilterCount><SentCount>${f.sent}</SentCount><ErrorCount>${f.errors}</ErrorCount>`;
  if (f.articleUrls) {
    // No article matched the original-content library: CheckState 1 (may be sent).
    body += "<CopyrightCheckResult><Count>0</Count><ResultList></ResultList><CheckState>1</CheckState></CopyrightCheckResult>";
    const items = f.articleUrls.map((url, i) => `<item><ArticleIdx>${i + 1}</ArticleIdx><ArticleUrl>${cdata(url)}</ArticleUrl></item>`).join("");
    body += `<ArticleUrlResult><Count>${f.articleUrls.length}</Count><ResultList>${items}</ResultList></ArticleUrlResult>`;
  }
  return `<xml>${head(state, account, "MASSSENDJOBFINISH")}${body}</xml>`;
}

/**
 * Runs `finish` after `delayMs` and pushes the XML it returns to the account's
 * webhook; the promise is kept in `pending` until the push is done.
 */
export function finishLater(state: SimulatorState, account: Account, pending: Set<Promise<void>>, delayMs: number, finish: () => string): void {
  const job = new Promise<void>((resolve) => setTimeout(resolve, delayMs))
    .then(() => pushMessage(state, { xml: finish() }, account))
    .then(
      () => undefined,
      () => undefined,
    )
    .finally(() => pending.delete(job));
  pending.add(job);
}
