/**
 * Request and answer shapes of the draft box (草稿箱) and publishing
 * (发布能力) APIs, with WeChat's field names.
 */

/** 0 = no (default), 1 = yes. */
export type Flag = 0 | 1;

interface ArticleCommon {
  /** ≤ 32 characters. */
  title: string;
  /** HTML for `news` (< 20,000 characters, < 1 MB, JS stripped); plain text for `newspic`. */
  content: string;
  need_open_comment?: Flag;
  only_fans_can_comment?: Flag;
}

/** An article (图文消息). */
export interface NewsArticle extends ArticleCommon {
  /** Optional on the wire: WeChat's default is `news`. */
  article_type?: "news";
  /** ≤ 16 characters. */
  author?: string;
  /** ≤ 128 characters; only single-article drafts show it. */
  digest?: string;
  /** "阅读原文" link, ≤ 1 KB. */
  content_source_url?: string;
  /** Cover: a PERMANENT image media_id (otherwise 40007). */
  thumb_media_id: string;
  /** Cover crop "X1_Y1_X2_Y2" in 0..1 coordinates, e.g. "0.1945_0_1_0.5236". */
  pic_crop_235_1?: string;
  pic_crop_1_1?: string;
}

/** An image message (图片消息): 1..20 permanent images and a plain-text body. */
export interface NewsPicArticle extends ArticleCommon {
  article_type: "newspic";
  image_info: { image_list: { image_media_id: string }[] };
  /** Cover crop; the first image is the cover. */
  cover_info?: { crop_percent_list: { ratio: "1_1" | "16_9" | "2.35_1"; x1: string; y1: string; x2: string; y2: string }[] };
  product_info?: { footer_product_info?: { product_key: string } };
}

export type DraftArticle = NewsArticle | NewsPicArticle;

/** An article as draft/get, draft/batchget and freepublish/* return it. */
export type StoredArticle = DraftArticle & {
  /** Preview (draft) or permanent (published) link. */
  url: string;
  show_cover_pic?: Flag;
  thumb_url?: string;
  /** Published articles only: true once deleted. */
  is_deleted?: boolean;
};

export interface DraftItem {
  media_id: string;
  content: { news_item: StoredArticle[] };
  /** Seconds since the epoch. */
  update_time: number;
}

export interface PublishedItem {
  article_id: string;
  content: { news_item: StoredArticle[] };
  update_time: number;
}

export interface Page<T> {
  total_count: number;
  item_count: number;
  item: T[];
}

/** Options of draft/batchget and freepublish/batchget. */
export interface PageRequest {
  /** From 0. */
  offset: number;
  /** 1..20. */
  count: number;
  /** Leave out `content` (the HTML body) of each article. */
  noContent?: boolean;
}

/**
 * freepublish/get's publish_status: 0 success, 1 publishing, 2 original-content
 * check failed, 3 general failure, 4 rejected by review, 5 deleted after
 * success, 6 banned after success.
 */
export type PublishStatus = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface PublishState {
  publish_id: string;
  publish_status: PublishStatus;
  /** When publish_status is 0. */
  article_id?: string;
  article_detail?: { count: number; item: { idx: number; article_url: string }[] };
  /** 1-based indexes of the articles that failed (status 2 and 4). */
  fail_idx?: number[];
}
