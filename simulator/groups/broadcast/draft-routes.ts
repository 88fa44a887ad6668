/**
 * cgi-bin/draft/*: add, get, update, delete, count, batchget, with the
 * platform's checks (lengths in characters, 1..8 articles, covers must be
 * permanent images → 40007).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Update_draft.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Get_draft_list.html
 */
import { accessToken, fail, ok, routesFor, type AccountContext, type JsonObject } from "../../core/api-route";
import type { JsonResult, Route } from "../../core/router";
import { draftState, storedArticle, type DraftState, type SimArticle, type SimDraft } from "./drafts-state";
import { page, str } from "./request";

const chars = (v: unknown): number => [...str(v)].length;
const MAX_ARTICLES = 8;
const MAX_IMAGES = 20;

/** The errcode WeChat gives an article, or null when it is acceptable. */
function articleError(store: DraftState, raw: unknown): number | null {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return 47001;
  const a = raw as SimArticle;
  const type = a.article_type ?? "news";
  if (type !== "news" && type !== "newspic") return 40097;
  if (chars(a.title) === 0 || chars(a.content) === 0) return 44004;
  if (chars(a.title) > 32) return 45003;
  if (chars(a.content) >= 20_000) return 45002;
  if (type === "newspic") {
    const list = (a.image_info as { image_list?: unknown } | undefined)?.image_list;
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_IMAGES) return 40097;
    const permanent = list.every((img) => store.permanentImages.has(str((img as { image_media_id?: unknown } | null)?.image_media_id)));
    return permanent ? null : 40007;
  }
  if (chars(a.author) > 16) return 45110;
  if (chars(a.digest) > 128) return 45004;
  if (Buffer.byteLength(str(a.content_source_url)) > 1024) return 45005;
  return store.permanentImages.has(str(a.thumb_media_id)) ? null : 40007;
}

function previewUrl(draft: SimDraft, index: number): string {
  return `http://mp.weixin.qq.com/s?__biz=sim&tempkey=${encodeURIComponent(draft.mediaId)}&idx=${index + 1}`;
}

function draftAnswer(draft: SimDraft, noContent = false): SimArticle[] {
  return draft.articles.map((a, i) => storedArticle(a, previewUrl(draft, i), noContent));
}

function add(ctx: AccountContext, body: JsonObject): JsonResult {
  const articles = body.articles;
  if (!Array.isArray(articles) || articles.length === 0) return fail(40097);
  if (articles.length > MAX_ARTICLES) return fail(45008);
  const store = ctx.account.state(draftState);
  for (const a of articles) {
    const code = articleError(store, a);
    if (code) return fail(code);
  }
  const draft: SimDraft = { mediaId: store.newId("draft_"), articles: articles as SimArticle[], updateTime: Math.floor(ctx.account.now() / 1000) };
  store.drafts.set(draft.mediaId, draft);
  return { json: { media_id: draft.mediaId, item: articles.map((_, index) => ({ index, ad_count: 0 })) } };
}

/** A handler of the draft `media_id` names (40007 when there is none). */
function withDraft(answer: (ctx: AccountContext, draft: SimDraft, body: JsonObject) => JsonResult): (ctx: AccountContext, body: JsonObject) => JsonResult {
  return (ctx, body) => {
    const draft = ctx.account.state(draftState).drafts.get(str(body.media_id));
    return draft ? answer(ctx, draft, body) : fail(40007);
  };
}

const get = withDraft((_ctx, draft) => ({ json: { news_item: draftAnswer(draft) } }));

const update = withDraft((ctx, draft, body) => {
  const index = Number(body.index);
  if (!Number.isInteger(index) || index < 0 || index >= draft.articles.length) return fail(40097);
  const code = articleError(ctx.account.state(draftState), body.articles);
  if (code) return fail(code);
  draft.articles[index] = body.articles as SimArticle;
  draft.updateTime = Math.floor(ctx.account.now() / 1000);
  return ok();
});

const remove = withDraft((ctx, draft) => {
  ctx.account.state(draftState).drafts.delete(draft.mediaId);
  return ok();
});

function count(ctx: AccountContext): JsonResult {
  return { json: { total_count: ctx.account.state(draftState).drafts.size } };
}

function batchget(ctx: AccountContext, body: JsonObject): JsonResult {
  const p = page(body);
  if (!p) return fail(40097);
  const all = ctx.account.state(draftState).listDrafts();
  const item = all.slice(p.offset, p.offset + p.count).map((d) => ({
    media_id: d.mediaId,
    content: { news_item: draftAnswer(d, p.noContent) },
    update_time: d.updateTime,
  }));
  return { json: { total_count: all.length, item_count: item.length, item } };
}

const route = routesFor(accessToken);

export const draftRoutes: Route[] = [
  route.post("/cgi-bin/draft/add", add),
  route.post("/cgi-bin/draft/get", get),
  route.post("/cgi-bin/draft/update", update),
  route.post("/cgi-bin/draft/delete", remove),
  route.get("/cgi-bin/draft/count", count),
  route.post("/cgi-bin/draft/batchget", batchget),
];
