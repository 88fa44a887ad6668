/**
 * cgi-bin/freepublish/*: submit (asynchronous; PUBLISHJOBFINISH is pushed
 * when done), get, delete, batchget, getarticle. A published draft leaves
 * the draft box.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Publish/Publish.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Publish/Get_status.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Publish/Delete_posts.html
 */
import { authorizedBody, err, page, str } from "./broadcast-http";
import { finishLater, publishJobFinishXml } from "./broadcast-events";
import { storedArticle, type SimPublished, type SimPublishJob } from "./draft-store";
import type { JsonResult, Route, RouteContext } from "./router";
import type { SimulatorState } from "./state";

function complete(state: SimulatorState, job: SimPublishJob): string {
  const store = state.drafts;
  if (job.failIdx.length) {
    job.status = 2;
    return publishJobFinishXml(state, { publishId: job.publishId, status: 2, failIdx: job.failIdx });
  }
  const articleId = store.newId("art_");
  const articles = job.draft.articles.map((a, i) => ({ ...a, url: `http://mp.weixin.qq.com/s?__biz=sim&mid=${job.publishId}&idx=${i + 1}`, is_deleted: false }));
  const item: SimPublished = { articleId, articles, updateTime: Math.floor(state.now() / 1000) };
  store.published.set(articleId, item);
  job.status = 0;
  job.articleId = articleId;
  return publishJobFinishXml(state, { publishId: job.publishId, status: 0, articleId, urls: articles.map((a) => a.url) });
}

async function submit(ctx: RouteContext): Promise<JsonResult> {
  const r = await authorizedBody(ctx);
  if (r.error) return { json: r.error };
  const store = ctx.state.drafts;
  const draft = store.drafts.get(str(r.body.media_id));
  if (!draft) return { json: err(40007) };
  store.drafts.delete(draft.mediaId);
  const job: SimPublishJob = { publishId: store.newNumber(2_247_500_000), draft, status: 1, failIdx: store.failNextPublish };
  store.failNextPublish = [];
  store.jobs.set(job.publishId, job);
  finishLater(ctx.state, store.pending, store.publishDelayMs, () => complete(ctx.state, job));
  return { json: { errcode: 0, errmsg: "ok", publish_id: job.publishId, msg_data_id: store.newNumber(2_247_600_000) } };
}

async function status(ctx: RouteContext): Promise<JsonResult> {
  const r = await authorizedBody(ctx);
  if (r.error) return { json: r.error };
  const job = ctx.state.drafts.jobs.get(str(r.body.publish_id));
  if (!job) return { json: err(40097) };
  const published = job.articleId ? ctx.state.drafts.published.get(job.articleId) : undefined;
  const deleted = published && published.articles.every((a) => a.is_deleted);
  const json: Record<string, unknown> = { publish_id: job.publishId, publish_status: deleted ? 5 : job.status };
  if (published) {
    json.article_id = published.articleId;
    json.article_detail = { count: published.articles.length, item: published.articles.map((a, i) => ({ idx: i + 1, article_url: a.url })) };
  }
  json.fail_idx = job.failIdx;
  return { json };
}

async function withPublished(ctx: RouteContext, answer: (item: SimPublished, body: Record<string, unknown>) => JsonResult): Promise<JsonResult> {
  const r = await authorizedBody(ctx);
  if (r.error) return { json: r.error };
  const item = ctx.state.drafts.published.get(str(r.body.article_id));
  return item ? answer(item, r.body) : { json: err(53600) };
}

const remove = (ctx: RouteContext): Promise<JsonResult> =>
  withPublished(ctx, (item, body) => {
    const index = Number(body.index ?? 0);
    if (!Number.isInteger(index) || index < 0 || index > item.articles.length) return { json: err(40097) };
    item.articles.forEach((a, i) => {
      if (index === 0 || index === i + 1) a.is_deleted = true;
    });
    return { json: { errcode: 0, errmsg: "ok" } };
  });

const getArticle = (ctx: RouteContext): Promise<JsonResult> =>
  withPublished(ctx, (item) => ({ json: { news_item: item.articles.map((a) => storedArticle(a, a.url)) } }));

async function batchget(ctx: RouteContext): Promise<JsonResult> {
  const r = await authorizedBody(ctx);
  if (r.error) return { json: r.error };
  const p = page(r.body);
  if (!p) return { json: err(40097) };
  const all = ctx.state.drafts.listPublished();
  const item = all.slice(p.offset, p.offset + p.count).map((x) => ({
    article_id: x.articleId,
    content: { news_item: x.articles.map((a) => storedArticle(a, a.url, p.noContent)) },
    update_time: x.updateTime,
  }));
  return { json: { total_count: all.length, item_count: item.length, item } };
}

export const publishRoutes: Route[] = [
  { method: "POST", path: "/cgi-bin/freepublish/submit", endpoint: "cgi-bin/freepublish/submit", handler: submit },
  { method: "POST", path: "/cgi-bin/freepublish/get", endpoint: "cgi-bin/freepublish/get", handler: status },
  { method: "POST", path: "/cgi-bin/freepublish/delete", endpoint: "cgi-bin/freepublish/delete", handler: remove },
  { method: "POST", path: "/cgi-bin/freepublish/batchget", endpoint: "cgi-bin/freepublish/batchget", handler: batchget },
  { method: "POST", path: "/cgi-bin/freepublish/getarticle", endpoint: "cgi-bin/freepublish/getarticle", handler: getArticle },
];
