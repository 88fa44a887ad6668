/**
 * Publishing (发布能力): turns a draft into published articles. Publishing is
 * asynchronous — submit returns a publish_id, and WeChat later pushes a
 * PUBLISHJOBFINISH event (or freepublish/get is polled). Published articles
 * do not reach followers' chats; mass sending (mass.ts) does that. Readers' comments (留言) on
 * a published article are read with its msg_data_id.
 */
import type { WeChatApiCaller } from "../api-client";
import { WeChatValidationError } from "../errors";
import type { Page, PageRequest, PublishedItem, PublishState, StoredArticle } from "./drafts-types";
import { validateMediaId, validatePage } from "./drafts-validation";

/**
 * Submits a draft for publishing; returns the publish_id to follow.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Publish/Publish.html
 */
export async function submitPublish(client: WeChatApiCaller, draftMediaId: string): Promise<{ publishId: string; msgDataId?: string }> {
  validateMediaId("media_id", draftMediaId);
  const res = await client.call<{ publish_id: string | number; msg_data_id?: string | number }>({
    method: "POST",
    path: "/cgi-bin/freepublish/submit",
    body: { media_id: draftMediaId },
    // Not repeated after a timeout: it could publish twice.
    idempotent: false,
  });
  return { publishId: String(res.publish_id), ...(res.msg_data_id !== undefined ? { msgDataId: String(res.msg_data_id) } : {}) };
}

/**
 * The state of a publish job (poll this when the PUBLISHJOBFINISH event was missed).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Publish/Get_status.html
 */
export async function getPublishStatus(client: WeChatApiCaller, publishId: string): Promise<PublishState> {
  validateMediaId("publish_id", publishId);
  const res = await client.call<PublishState & { publish_id: string | number }>({
    method: "POST",
    path: "/cgi-bin/freepublish/get",
    body: { publish_id: publishId },
    idempotent: true,
  });
  return { ...res, publish_id: String(res.publish_id) };
}

/**
 * Deletes a published article: `index` is 1-based; 0 or none deletes every
 * article of it. Irreversible.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Publish/Delete_posts.html
 */
export async function deletePublished(client: WeChatApiCaller, articleId: string, index = 0): Promise<void> {
  validateMediaId("article_id", articleId);
  await client.call({ method: "POST", path: "/cgi-bin/freepublish/delete", body: { article_id: articleId, index }, idempotent: true });
}

/**
 * One page (1..20) of published articles.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Publish/Get_publication_records.html
 */
export async function listPublished(client: WeChatApiCaller, page: PageRequest): Promise<Page<PublishedItem>> {
  validatePage(page);
  const res = await client.call<Partial<Page<PublishedItem>>>({
    method: "POST",
    path: "/cgi-bin/freepublish/batchget",
    body: { offset: page.offset, count: page.count, no_content: page.noContent ? 1 : 0 },
    idempotent: true,
  });
  return { total_count: res.total_count ?? 0, item_count: res.item_count ?? 0, item: res.item ?? [] };
}

/**
 * The articles of one published item.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Publish/Get_article_from_id.html
 */
export async function getPublishedArticle(client: WeChatApiCaller, articleId: string): Promise<StoredArticle[]> {
  validateMediaId("article_id", articleId);
  const res = await client.call<{ news_item?: StoredArticle[] }>({
    method: "POST",
    path: "/cgi-bin/freepublish/getarticle",
    body: { article_id: articleId },
    idempotent: true,
  });
  return res.news_item ?? [];
}

/** One reader's comment (留言) on a published article. */
export interface ArticleComment {
  user_comment_id: number;
  openid: string;
  /** Unix seconds. */
  create_time: number;
  content: string;
  /** 0 an ordinary comment, 1 elected (精选). */
  comment_type: 0 | 1;
  /** The account's reply, when there is one. */
  reply?: { content: string; create_time: number };
}

export interface CommentListRequest {
  /** The msg_data_id submitPublish (or a mass send) returned. */
  msgDataId: string;
  /** Which article of the item, from 0; default 0 (the first). */
  index?: number;
  /** Where to start, from 0. */
  begin: number;
  /** 1..49: WeChat refuses 50 or more. */
  count: number;
  /** 0 every comment (default), 1 ordinary only, 2 elected only. */
  type?: 0 | 1 | 2;
}

/**
 * One page of the comments on a published article whose comments are open.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Comments_management/Image_Comments_Management_Interface.html
 */
export async function listComments(client: WeChatApiCaller, req: CommentListRequest): Promise<{ total: number; comment: ArticleComment[] }> {
  validateMediaId("msg_data_id", req.msgDataId);
  const index = req.index ?? 0;
  if (!Number.isInteger(index) || index < 0) throw new WeChatValidationError("index", "index 从0开始 (index is an integer ≥ 0)");
  if (!Number.isInteger(req.begin) || req.begin < 0) throw new WeChatValidationError("begin", "begin 从0开始 (begin is an integer ≥ 0)");
  if (!Number.isInteger(req.count) || req.count < 1 || req.count >= 50) throw new WeChatValidationError("count", "获取数目，>=50会被拒绝 (count is 1..49)");
  const res = await client.call<{ total?: number; comment?: ArticleComment[] }>({
    method: "POST",
    path: "/cgi-bin/comment/list",
    body: { msg_data_id: Number(req.msgDataId) || req.msgDataId, index, begin: req.begin, count: req.count, type: req.type ?? 0 },
    idempotent: true,
  });
  return { total: res.total ?? 0, comment: res.comment ?? [] };
}
