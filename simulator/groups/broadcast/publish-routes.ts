/**
 * cgi-bin/freepublish/*: submit (asynchronous; PUBLISHJOBFINISH is pushed
 * when done), get, delete, batchget, getarticle. A published draft leaves
 * the draft box. cgi-bin/comment/list: readers' comments on a published article, by the
 * msg_data_id submit returned; an article with need_open_comment = 1 gets comments from the
 * first three followers when it is published (the second one elected, the first one replied to).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Publish/Publish.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Publish/Get_status.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Publish/Delete_posts.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Comments_management/Image_Comments_Management_Interface.html
 */
import { defineState, type Account } from "../../core/account";
import { accessToken, fail, ok, routesFor, type AccountContext, type JsonObject } from "../../core/api-route";
import type { JsonResult, Route } from "../../core/router";
import type { SimulatorState } from "../../core/state";
import { draftState, storedArticle, type SimPublished, type SimPublishJob } from "./drafts-state";
import { finishLater, publishJobFinishXml } from "./events";
import { page, str } from "./request";

/** msg_data_id → its publish job, and the comments on each published article (by article_id, then index). */
const commentState = defineState("comments", () => ({ jobs: new Map<string, SimPublishJob>(), comments: new Map<string, JsonObject[][]>() }));

/** What followers say about an article with comments open: three comments, a minute apart. */
function seedComments(account: Account, item: SimPublished): void {
  const readers = account.users.followers().slice(0, 3);
  const comments = item.articles.map((a) =>
    Number(a.need_open_comment) !== 1
      ? []
      : readers.map((user, i): JsonObject => ({
          user_comment_id: i + 1,
          openid: user.openid,
          create_time: item.updateTime + 60 * (i + 1),
          content: `第${i + 1}条留言：${String(a.title ?? "")}`,
          comment_type: i === 1 ? 1 : 0,
          ...(i === 0 ? { reply: { content: "谢谢留言", create_time: item.updateTime + 600 } } : {}),
        })),
  );
  account.state(commentState).comments.set(item.articleId, comments);
}

function complete(state: SimulatorState, account: Account, job: SimPublishJob): string {
  const store = account.state(draftState);
  if (job.failIdx.length) {
    job.status = 2;
    return publishJobFinishXml(state, account, { publishId: job.publishId, status: 2, failIdx: job.failIdx });
  }
  const articleId = store.newId("art_");
  const articles = job.draft.articles.map((a, i) => ({ ...a, url: `http://mp.weixin.qq.com/s?__biz=sim&mid=${job.publishId}&idx=${i + 1}`, is_deleted: false }));
  const item: SimPublished = { articleId, articles, updateTime: Math.floor(account.now() / 1000) };
  store.published.set(articleId, item);
  seedComments(account, item);
  job.status = 0;
  job.articleId = articleId;
  return publishJobFinishXml(state, account, { publishId: job.publishId, status: 0, articleId, urls: articles.map((a) => a.url) });
}

function submit(ctx: AccountContext, body: JsonObject): JsonResult {
  const { state, account } = ctx;
  const store = account.state(draftState);
  const draft = store.drafts.get(str(body.media_id));
  if (!draft) return fail(40007);
  store.drafts.delete(draft.mediaId);
  const job: SimPublishJob = { publishId: store.newNumber(2_247_500_000), draft, status: 1, failIdx: store.failNextPublish };
  store.failNextPublish = [];
  store.jobs.set(job.publishId, job);
  const msgDataId = store.newNumber(2_247_600_000);
  account.state(commentState).jobs.set(msgDataId, job);
  finishLater(state, account, store.pending, store.publishDelayMs, () => complete(state, account, job));
  return ok({ publish_id: job.publishId, msg_data_id: Number(msgDataId) });
}

function status(ctx: AccountContext, body: JsonObject): JsonResult {
  const store = ctx.account.state(draftState);
  const job = store.jobs.get(str(body.publish_id));
  if (!job) return fail(40097);
  const published = job.articleId ? store.published.get(job.articleId) : undefined;
  const deleted = published && published.articles.every((a) => a.is_deleted);
  const json: JsonObject = { publish_id: job.publishId, publish_status: deleted ? 5 : job.status };
  if (published) {
    json.article_id = published.articleId;
    json.article_detail = { count: published.articles.length, item: published.articles.map((a, i) => ({ idx: i + 1, article_url: a.url })) };
  }
  json.fail_idx = job.failIdx;
  return { json };
}

/** A handler of the published item `article_id` names (53600 when there is none). */
function withPublished(answer: (item: SimPublished, body: JsonObject) => JsonResult): (ctx: AccountContext, body: JsonObject) => JsonResult {
  return (ctx, body) => {
    const item = ctx.account.state(draftState).published.get(str(body.article_id));
    return item ? answer(item, body) : fail(53600);
  };
}

const remove = withPublished((item, body) => {
  const index = Number(body.index ?? 0);
  if (!Number.isInteger(index) || index < 0 || index > item.articles.length) return fail(40097);
  item.articles.forEach((a, i) => {
    if (index === 0 || index === i + 1) a.is_deleted = true;
  });
  return ok();
});

const getArticle = withPublished((item) => ({ json: { news_item: item.articles.map((a) => storedArticle(a, a.url)) } }));

function batchget(ctx: AccountContext, body: JsonObject): JsonResult {
  const p = page(body);
  if (!p) return fail(40097);
  const all = ctx.account.state(draftState).listPublished();
  const item = all.slice(p.offset, p.offset + p.count).map((x) => ({
    article_id: x.articleId,
    content: { news_item: x.articles.map((a) => storedArticle(a, a.url, p.noContent)) },
    update_time: x.updateTime,
  }));
  return { json: { total_count: all.length, item_count: item.length, item } };
}

/** comment/list: 88001 for an unknown or unpublished msg_data_id, 88010 for count outside 1..49. */
function listComments(ctx: AccountContext, body: JsonObject): JsonResult {
  const { jobs, comments } = ctx.account.state(commentState);
  const articleId = jobs.get(str(body.msg_data_id))?.articleId;
  const byIndex = articleId ? comments.get(articleId) : undefined;
  if (!byIndex) return fail(88001, "msg_data is not exists");
  const [index, begin, count, type] = [body.index ?? 0, body.begin, body.count, body.type ?? 0].map(Number) as [number, number, number, number];
  if (!Number.isInteger(count) || count <= 0 || count >= 50) return fail(88010, "count range error. cout <= 0 or count > 50");
  if (!Number.isInteger(index) || index < 0 || index >= byIndex.length || !Number.isInteger(begin) || begin < 0 || ![0, 1, 2].includes(type)) return fail(40097);
  const all = byIndex[index]!.filter((c) => type === 0 || c.comment_type === type - 1);
  return ok({ total: all.length, comment: all.slice(begin, begin + count) });
}

const route = routesFor(accessToken);

export const publishRoutes: Route[] = [
  route.post("/cgi-bin/freepublish/submit", submit),
  route.post("/cgi-bin/freepublish/get", status),
  route.post("/cgi-bin/freepublish/delete", remove),
  route.post("/cgi-bin/freepublish/batchget", batchget),
  route.post("/cgi-bin/freepublish/getarticle", getArticle),
  route.post("/cgi-bin/comment/list", listComments),
];
