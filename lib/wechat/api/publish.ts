/**
 * Publishing (发布能力): turns a draft into published articles. Publishing is
 * asynchronous — submit returns a publish_id, and WeChat later pushes a
 * PUBLISHJOBFINISH event (or freepublish/get is polled). Published articles
 * do not reach followers' chats; mass sending (mass.ts) does that.
 */
import type { WeChatApiCaller } from "../api-client";
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
