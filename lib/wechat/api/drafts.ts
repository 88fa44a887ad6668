/**
 * Draft box (草稿箱): the articles an account prepares before publishing
 * (publish.ts) or mass sending (mass.ts). Replaces the permanent-news
 * material APIs (add_news/update_news), offline since 2022.
 */
import type { WeChatApiCaller } from "../api-client";
import { WeChatValidationError } from "../errors";
import type { DraftArticle, DraftItem, Page, PageRequest, StoredArticle } from "./drafts-types";
import { validateArticle, validateArticles, validateMediaId, validatePage } from "./drafts-validation";

/**
 * Adds a draft of 1..8 articles (`news` or `newspic`); returns its media_id.
 * 40007 when a cover or image is not a permanent image media_id.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html
 */
export async function addDraft(client: WeChatApiCaller, articles: readonly DraftArticle[]): Promise<string> {
  validateArticles(articles);
  const res = await client.call<{ media_id: string }>({
    method: "POST",
    path: "/cgi-bin/draft/add",
    body: { articles },
    // Not repeated after a timeout: a second draft would appear.
    idempotent: false,
  });
  return res.media_id;
}

/**
 * The articles of one draft.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Get_draft.html
 */
export async function getDraft(client: WeChatApiCaller, mediaId: string): Promise<StoredArticle[]> {
  validateMediaId("media_id", mediaId);
  const res = await client.call<{ news_item?: StoredArticle[] }>({
    method: "POST",
    path: "/cgi-bin/draft/get",
    body: { media_id: mediaId },
    idempotent: true,
  });
  return res.news_item ?? [];
}

/**
 * Replaces the article at `index` (0-based) of a draft.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Update_draft.html
 */
export async function updateDraft(client: WeChatApiCaller, mediaId: string, index: number, article: DraftArticle): Promise<void> {
  validateMediaId("media_id", mediaId);
  if (!Number.isInteger(index) || index < 0 || index >= 8) {
    throw new WeChatValidationError("index", "要更新的文章在图文消息中的位置，第一篇为0 (index is 0..7)");
  }
  validateArticle(article, "articles");
  await client.call({
    method: "POST",
    path: "/cgi-bin/draft/update",
    body: { media_id: mediaId, index, articles: article },
    // Writing the same article twice leaves the same draft.
    idempotent: true,
  });
}

/**
 * Deletes a draft (cannot be undone).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Delete_draft.html
 */
export async function deleteDraft(client: WeChatApiCaller, mediaId: string): Promise<void> {
  validateMediaId("media_id", mediaId);
  await client.call({ method: "POST", path: "/cgi-bin/draft/delete", body: { media_id: mediaId }, idempotent: true });
}

/**
 * How many drafts the account has.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Count_drafts.html
 */
export async function countDrafts(client: WeChatApiCaller): Promise<number> {
  const res = await client.call<{ total_count?: number }>({ path: "/cgi-bin/draft/count" });
  return res.total_count ?? 0;
}

/**
 * One page (1..20) of drafts, newest first.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Get_draft_list.html
 */
export async function listDrafts(client: WeChatApiCaller, page: PageRequest): Promise<Page<DraftItem>> {
  validatePage(page);
  const res = await client.call<Partial<Page<DraftItem>>>({
    method: "POST",
    path: "/cgi-bin/draft/batchget",
    body: { offset: page.offset, count: page.count, no_content: page.noContent ? 1 : 0 },
    idempotent: true,
  });
  return { total_count: res.total_count ?? 0, item_count: res.item_count ?? 0, item: res.item ?? [] };
}
