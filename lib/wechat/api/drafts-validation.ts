/**
 * The draft box's documented limits, checked before any call so a bad
 * article fails fast with the platform's own wording.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html
 */
import { WeChatValidationError } from "../errors";
import type { DraftArticle, PageRequest } from "./drafts-types";

export const DRAFT_LIMITS = {
  /** "标题，总长度不超过32个字" */
  title: 32,
  /** "作者，总长度不超过16个字" */
  author: 16,
  /** "图文消息的摘要，总长度不超过128个字" */
  digest: 128,
  /** "必须少于2万字符，小于1M": under 20,000 characters is at most 80 KB of UTF-8, so the character limit is the one that binds. */
  contentChars: 20_000,
  /** "图文消息的原文地址，大小不可超过1 kb" */
  sourceUrlBytes: 1024,
  /** A multi-article message holds at most 8 articles. */
  articles: 8,
  /** An image message holds at most 20 images. */
  images: 20,
  /** batchget: "返回素材的数量，取值在1到20之间" */
  pageSize: 20,
} as const;

const chars = (text: string): number => [...text].length;
const bytes = (text: string): number => new TextEncoder().encode(text).length;
const CROP = /^(0(\.\d+)?|1(\.0+)?)(_(0(\.\d+)?|1(\.0+)?)){3}$/;

function fail(field: string, message: string): never {
  throw new WeChatValidationError(field, message);
}

/** Throws WeChatValidationError for the first limit `article` breaks; `at` prefixes field names. */
export function validateArticle(article: DraftArticle, at = "articles[0]"): void {
  if (!article.title?.trim()) fail(`${at}.title`, "标题不能为空 (title is required)");
  if (chars(article.title) > DRAFT_LIMITS.title) fail(`${at}.title`, "标题，总长度不超过32个字 (title ≤ 32 characters)");
  if (typeof article.content !== "string" || !article.content.trim()) fail(`${at}.content`, "内容不能为空 (content is required)");
  if (chars(article.content) >= DRAFT_LIMITS.contentChars) {
    fail(`${at}.content`, "内容必须少于2万字符，小于1M (content < 20,000 characters and < 1 MB)");
  }
  if (article.article_type === "newspic") {
    const list = article.image_info?.image_list ?? [];
    if (list.length === 0) fail(`${at}.image_info.image_list`, "图片消息至少需要1张图片 (an image message needs at least one image)");
    if (list.length > DRAFT_LIMITS.images) fail(`${at}.image_info.image_list`, "图片消息最多20张图片 (at most 20 images)");
    list.forEach((img, i) => {
      if (!img.image_media_id) fail(`${at}.image_info.image_list[${i}].image_media_id`, "image_media_id 必须是永久图片素材 (a permanent image media_id)");
    });
    return;
  }
  if (article.author !== undefined && chars(article.author) > DRAFT_LIMITS.author) fail(`${at}.author`, "作者，总长度不超过16个字 (author ≤ 16 characters)");
  if (article.digest !== undefined && chars(article.digest) > DRAFT_LIMITS.digest) fail(`${at}.digest`, "摘要，总长度不超过128个字 (digest ≤ 128 characters)");
  if (article.content_source_url !== undefined && bytes(article.content_source_url) > DRAFT_LIMITS.sourceUrlBytes) {
    fail(`${at}.content_source_url`, "原文地址，大小不可超过1 kb (content_source_url ≤ 1 KB)");
  }
  if (!article.thumb_media_id) fail(`${at}.thumb_media_id`, "图文消息的封面图片素材id（必须是永久MediaID）(thumb_media_id is required)");
  for (const key of ["pic_crop_235_1", "pic_crop_1_1"] as const) {
    const crop = article[key];
    if (crop !== undefined && !CROP.test(crop)) fail(`${at}.${key}`, "裁剪坐标格式为 X1_Y1_X2_Y2，取值 0 到 1 (crop is X1_Y1_X2_Y2 within 0..1)");
  }
}

/** A whole draft: 1..8 articles, each valid. */
export function validateArticles(articles: readonly DraftArticle[]): void {
  if (articles.length === 0) fail("articles", "草稿至少需要1篇文章 (at least one article)");
  if (articles.length > DRAFT_LIMITS.articles) fail("articles", "一个草稿最多8篇文章 (at most 8 articles)");
  articles.forEach((a, i) => validateArticle(a, `articles[${i}]`));
}

export function validateMediaId(field: string, id: string): void {
  if (typeof id !== "string" || !id.trim()) fail(field, `${field} 不能为空 (${field} is required)`);
}

/** batchget paging: offset ≥ 0, count 1..20. */
export function validatePage(page: PageRequest): void {
  if (!Number.isInteger(page.offset) || page.offset < 0) fail("offset", "offset 从0开始 (offset is an integer ≥ 0)");
  if (!Number.isInteger(page.count) || page.count < 1 || page.count > DRAFT_LIMITS.pageSize) {
    fail("count", "返回素材的数量，取值在1到20之间 (count is 1..20)");
  }
}
