/**
 * The simulated draft box, published articles and publish jobs. Covers and
 * newspic images must be permanent image media_ids: the ids in
 * `permanentImages` (seeded; a permanent-material simulator can add to it).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Publish/Publish.html
 */
import { createHash } from "node:crypto";
import { defineState } from "../../core/account";

export type SimArticle = Record<string, unknown>;

export interface SimDraft {
  mediaId: string;
  articles: SimArticle[];
  /** Seconds. */
  updateTime: number;
}

export interface SimPublished {
  articleId: string;
  articles: (SimArticle & { url: string; is_deleted: boolean })[];
  updateTime: number;
}

export interface SimPublishJob {
  publishId: string;
  draft: SimDraft;
  /** 1 publishing, 0 success, 2 original check failed, 3 failure, 4 review rejected, 5 deleted after success. */
  status: number;
  articleId?: string;
  failIdx: number[];
}

/** Permanent image media_ids every simulator has, for demos and tests. */
export const SEEDED_PERMANENT_IMAGES = ["sim_perm_image_cover_1", "sim_perm_image_cover_2", "sim_perm_image_3"];

export class DraftState {
  readonly permanentImages = new Set(SEEDED_PERMANENT_IMAGES);
  readonly drafts = new Map<string, SimDraft>();
  readonly published = new Map<string, SimPublished>();
  readonly jobs = new Map<string, SimPublishJob>();
  /** How long a publish job takes before PUBLISHJOBFINISH (ms). */
  publishDelayMs = 50;
  /** 1-based indexes the next publish job fails on (status 2), then cleared. */
  failNextPublish: number[] = [];
  /** Pending job timers, for tests that wait for the push. */
  readonly pending = new Set<Promise<void>>();
  private seq = 0;

  constructor(private readonly appId: string) {}

  /** A media_id-like id, unique per store and deterministic for an AppID. */
  newId(prefix: string): string {
    this.seq += 1;
    const hash = createHash("sha1").update(`${this.appId}:${prefix}:${this.seq}`).digest("base64url");
    return `${prefix}${hash.slice(0, 30)}`;
  }

  /** A numeric id like publish_id / msg_id (WeChat's are decimal numbers). */
  newNumber(base: number): string {
    this.seq += 1;
    return String(base + this.seq);
  }

  /** Drafts newest first, as draft/batchget lists them. */
  listDrafts(): SimDraft[] {
    return [...this.drafts.values()].sort((a, b) => b.updateTime - a.updateTime || b.mediaId.localeCompare(a.mediaId));
  }

  /** Published items that still have an undeleted article, newest first. */
  listPublished(): SimPublished[] {
    return [...this.published.values()].filter((p) => p.articles.some((a) => !a.is_deleted)).reverse();
  }

  /** Resolves when every publish job started so far has pushed its event. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}

/** A draft article as draft/get returns it: the stored fields plus a preview url. */
export function storedArticle(article: SimArticle, url: string, noContent = false): SimArticle {
  const out: SimArticle = { article_type: article.article_type ?? "news", ...article, url };
  if (noContent) delete out.content;
  return out;
}

export const draftState = defineState("drafts", (account) => new DraftState(account.appId));
