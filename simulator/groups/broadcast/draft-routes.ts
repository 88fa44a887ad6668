/**
 * cgi-bin/draft/*: add, get, update, delete, count, batchget, with the
 * platform's checks (lengths in characters, 1..8 articles, covers must be
 * permanent images → 40007).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Update_draft.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Get_draft_list.html
 */
import { authorizedBody, err, page, str } from "./broadcast-http";
import type { DraftStore, SimArticle, SimDraft } from "./draft-store";
import { storedArticle } from "./draft-store";
import { accessTokenError, type JsonResult, type Route, type RouteContext } from "./router";

const chars = (v: unknown): number => [...str(v)].length;
const MAX_ARTICLES = 8;
const MAX_IMAGES = 20;

/** The errcode WeChat gives an article, or null when it is acceptable. */
export function articleError(store: DraftStore, raw: unknown): number | null {
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
    const ok = list.every((img) => store.permanentImages.has(str((img as { image_media_id?: unknown } | null)?.image_media_id)));
    return ok ? null : 40007;
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

async function add(ctx: RouteContext): Promise<JsonResult> {
  const r = await authorizedBody(ctx);
  if (r.error) return { json: r.error };
  const articles = r.body.articles;
  if (!Array.isArray(articles) || articles.length === 0) return { json: err(40097) };
  if (articles.length > MAX_ARTICLES) return { json: err(45008) };
  const store = ctx.state.drafts;
  for (const a of articles) {
    const code = articleError(store, a);
    if (code) return { json: err(code) };
  }
  const draft: SimDraft = { mediaId: store.newId("draft_"), articles: articles as SimArticle[], updateTime: Math.floor(ctx.state.now() / 1000) };
  store.drafts.set(draft.mediaId, draft);
  return { json: { media_id: draft.mediaId, item: articles.map((_, index) => ({ index, ad_count: 0 })) } };
}

async function withDraft(ctx: RouteContext, answer: (draft: SimDraft, body: Record<string, unknown>) => JsonResult): Promise<JsonResult> {
  const r = await authorizedBody(ctx);
  if (r.error) return { json: r.error };
  const draft = ctx.state.drafts.drafts.get(str(r.body.media_id));
  return draft ? answer(draft, r.body) : { json: err(40007) };
}

const get = (ctx: RouteContext): Promise<JsonResult> => withDraft(ctx, (draft) => ({ json: { news_item: draftAnswer(draft) } }));

const update = (ctx: RouteContext): Promise<JsonResult> =>
  withDraft(ctx, (draft, body) => {
    const index = Number(body.index);
    if (!Number.isInteger(index) || index < 0 || index >= draft.articles.length) return { json: err(40097) };
    const code = articleError(ctx.state.drafts, body.articles);
    if (code) return { json: err(code) };
    draft.articles[index] = body.articles as SimArticle;
    draft.updateTime = Math.floor(ctx.state.now() / 1000);
    return { json: { errcode: 0, errmsg: "ok" } };
  });

const remove = (ctx: RouteContext): Promise<JsonResult> =>
  withDraft(ctx, (draft) => {
    ctx.state.drafts.drafts.delete(draft.mediaId);
    return { json: { errcode: 0, errmsg: "ok" } };
  });

function count(ctx: RouteContext): JsonResult {
  const denied = accessTokenError(ctx);
  return denied ? { json: denied } : { json: { total_count: ctx.state.drafts.drafts.size } };
}

async function batchget(ctx: RouteContext): Promise<JsonResult> {
  const r = await authorizedBody(ctx);
  if (r.error) return { json: r.error };
  const p = page(r.body);
  if (!p) return { json: err(40097) };
  const all = ctx.state.drafts.listDrafts();
  const item = all.slice(p.offset, p.offset + p.count).map((d) => ({
    media_id: d.mediaId,
    content: { news_item: draftAnswer(d, p.noContent) },
    update_time: d.updateTime,
  }));
  return { json: { total_count: all.length, item_count: item.length, item } };
}

export const draftRoutes: Route[] = [
  { method: "POST", path: "/cgi-bin/draft/add", endpoint: "cgi-bin/draft/add", handler: add },
  { method: "POST", path: "/cgi-bin/draft/get", endpoint: "cgi-bin/draft/get", handler: get },
  { method: "POST", path: "/cgi-bin/draft/update", endpoint: "cgi-bin/draft/update", handler: update },
  { method: "POST", path: "/cgi-bin/draft/delete", endpoint: "cgi-bin/draft/delete", handler: remove },
  { method: "GET", path: "/cgi-bin/draft/count", endpoint: "cgi-bin/draft/count", handler: count },
  { method: "POST", path: "/cgi-bin/draft/batchget", endpoint: "cgi-bin/draft/batchget", handler: batchget },
];
