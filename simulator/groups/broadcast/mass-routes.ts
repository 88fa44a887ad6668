/**
 * cgi-bin/message/mass/*: sendall, send, preview, get, delete, speed get/set.
 * Sends finish asynchronously with a MASSSENDJOBFINISH push; a clientmsgid
 * used within 24 hours is refused with 45065 and the first msg_id.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import { createHash } from "node:crypto";
import type { Account } from "../../core/account";
import { accessToken, fail, ok, routesFor, type AccountContext, type JsonObject } from "../../core/api-route";
import { beijingDay } from "../../core/clock";
import { wxError } from "../../core/errors";
import type { JsonResult, Route } from "../../core/router";
import { isWellFormedOpenid } from "../../core/users";
import { draftState } from "./drafts-state";
import { finishLater, massSendJobFinishXml } from "./events";
import { massState, SPEEDS, type SimMassJob } from "./mass-state";
import { str } from "./request";

const TYPES: Record<string, string> = { mpnews: "mpnews", text: "text", voice: "voice", image: "images", mpvideo: "mpvideo", wxcard: "wxcard" };

/** The errcode for the message content, or null; `articles` is the mpnews draft's article count. */
function contentError(account: Account, body: JsonObject, preview: boolean): { code: number } | { articles: number } {
  const msgtype = str(body.msgtype);
  const key = preview && msgtype === "image" ? "image" : TYPES[msgtype];
  if (!key) return { code: 40008 };
  const part = body[key] as JsonObject | undefined;
  if (!part || typeof part !== "object") return { code: 44004 };
  if (msgtype === "text") return str(part.content) ? { articles: 0 } : { code: 44004 };
  if (msgtype === "wxcard") return str(part.card_id) ? { articles: 0 } : { code: 40097 };
  const drafts = account.state(draftState);
  if (msgtype === "mpnews") {
    const draft = drafts.drafts.get(str(part.media_id));
    return draft ? { articles: draft.articles.length } : { code: 40007 };
  }
  if (msgtype === "image") {
    const ids = preview ? [part.media_id] : Array.isArray(part.media_ids) ? part.media_ids : [];
    return ids.length && ids.every((id) => drafts.permanentImages.has(str(id))) ? { articles: 0 } : { code: 40007 };
  }
  return str(part.media_id) ? { articles: 0 } : { code: 40007 };
}

/** Common to sendall and send: content, clientmsgid, quota; then the job and its push. */
function startSend(ctx: AccountContext, body: JsonObject, recipients: string[], total: number): JsonResult {
  const { state, account } = ctx;
  const store = account.state(massState);
  const checked = contentError(account, body, false);
  if ("code" in checked) return fail(checked.code);
  const given = body.clientmsgid === undefined ? undefined : str(body.clientmsgid);
  if (given !== undefined && (given === "" || Buffer.byteLength(given) > 64)) return fail(45067);
  // Without one, WeChat uses a digest of the audience and the content as the clientmsgid.
  const { clientmsgid: _ignored, ...rest } = body;
  const clientId = given ?? `auto:${createHash("sha1").update(JSON.stringify(rest)).digest("hex")}`;
  const now = account.now();
  const earlier = store.recentClientId(clientId, now);
  if (earlier) return { json: { ...wxError(45065), msg_id: Number(earlier) } };
  const day = beijingDay(now);
  const used = store.sendsByDay.get(day) ?? 0;
  if (used >= store.dailyQuota) return fail(45028);
  store.sendsByDay.set(day, used + 1);
  const job: SimMassJob = { msgId: store.newMsgId(), msgtype: str(body.msgtype), recipients, total, status: "SENDING", articles: checked.articles, at: now };
  if (job.msgtype === "mpnews") {
    job.msgDataId = String(2_247_700_000 + store.jobs.size + 1);
    // Like publishing, mass sending a draft takes it out of the draft box.
    account.state(draftState).drafts.delete(str((body.mpnews as JsonObject).media_id));
  }
  store.jobs.set(job.msgId, job);
  store.clientIds.set(clientId, { msgId: job.msgId, at: now });
  finishLater(state, account, store.pending, store.finishDelayMs, () => {
    if (job.status === "SENDING") job.status = "SEND_SUCCESS";
    const articleUrls = job.msgtype === "mpnews" ? Array.from({ length: job.articles }, (_, i) => `http://mp.weixin.qq.com/s?__biz=sim&mid=${job.msgDataId}&idx=${i + 1}`) : undefined;
    return massSendJobFinishXml(state, account, { msgId: job.msgId, status: "send success", total, filtered: total - recipients.length, sent: recipients.length, errors: 0, articleUrls });
  });
  return { json: { errcode: 0, errmsg: "send job submission success", msg_id: Number(job.msgId), ...(job.msgDataId ? { msg_data_id: Number(job.msgDataId) } : {}) } };
}

function sendall(ctx: AccountContext, body: JsonObject): JsonResult {
  const filter = body.filter as { is_to_all?: unknown; tag_id?: unknown } | undefined;
  if (!filter || typeof filter !== "object") return fail(40097);
  const toAll = filter.is_to_all === true;
  const tagId = Number(filter.tag_id);
  if (!toAll && !Number.isInteger(tagId)) return fail(40097);
  const followers = ctx.account.users.followers().filter((u) => toAll || u.tagidList.includes(tagId));
  return startSend(ctx, body, followers.map((u) => u.openid), followers.length);
}

function send(ctx: AccountContext, body: JsonObject): JsonResult {
  const touser = body.touser;
  if (!Array.isArray(touser) || touser.length < 2 || touser.length > 10_000) return fail(40130);
  if (!touser.every((id) => isWellFormedOpenid(str(id)))) return fail(40003);
  // Unknown users and non-followers are filtered out (FilterCount), not an error.
  const unique = [...new Set(touser.map(str))];
  const recipients = unique.filter((id) => ctx.account.users.get(id)?.subscribe === 1);
  return startSend(ctx, body, recipients, unique.length);
}

function preview(ctx: AccountContext, body: JsonObject): JsonResult {
  const { state, account } = ctx;
  const openid = str(body.touser);
  const wxname = str(body.towxname);
  if (!openid && !wxname) return fail(41009);
  if (openid && account.users.get(openid)?.subscribe !== 1) return fail(43004);
  const checked = contentError(account, body, true);
  if ("code" in checked) return fail(checked.code);
  const mass = account.state(massState);
  mass.previews.push({ to: openid || wxname, msgtype: str(body.msgtype), body });
  if (openid) state.addConversation({ openid, role: "custom", kind: str(body.msgtype), text: `[群发预览] ${str(body.msgtype)}`, payload: body });
  return { json: { errcode: 0, errmsg: "preview success", msg_id: Number(mass.newMsgId()) } };
}

/** A handler of the job `msg_id` names (40097 when there is none). */
function withJob(answer: (job: SimMassJob, body: JsonObject) => JsonResult): (ctx: AccountContext, body: JsonObject) => JsonResult {
  return (ctx, body) => {
    const job = ctx.account.state(massState).jobs.get(str(body.msg_id));
    return job ? answer(job, body) : fail(40097);
  };
}

const get = withJob((job) => ({ json: { msg_id: Number(job.msgId), msg_status: job.status } }));

const remove = withJob((job, body) => {
  const idx = Number(body.article_idx ?? 0);
  // Only sent article (mpnews) and video messages can be deleted.
  if (job.status !== "SEND_SUCCESS" || !["mpnews", "mpvideo"].includes(job.msgtype)) return fail(40097);
  if (!Number.isInteger(idx) || idx < 0 || idx > job.articles) return fail(40097);
  if (idx === 0) job.status = "DELETE";
  return ok();
});

function speedGet(ctx: AccountContext): JsonResult {
  const mass = ctx.account.state(massState);
  return { json: { speed: mass.speed, realspeed: SPEEDS[mass.speed] } };
}

function speedSet(ctx: AccountContext, body: JsonObject): JsonResult {
  if (body.speed === undefined) return fail(45084);
  const speed = Number(body.speed);
  if (!Number.isInteger(speed) || speed < 0 || speed > 4) return fail(45083);
  ctx.account.state(massState).speed = speed;
  return ok();
}

const route = routesFor(accessToken);
// speed/get has no parameters; an empty body is fine for both speed calls.
const emptyBodyIsObject = true;

export const massRoutes: Route[] = [
  route.post("/cgi-bin/message/mass/sendall", sendall),
  route.post("/cgi-bin/message/mass/send", send),
  route.post("/cgi-bin/message/mass/preview", preview),
  route.post("/cgi-bin/message/mass/get", get),
  route.post("/cgi-bin/message/mass/delete", remove),
  route.post("/cgi-bin/message/mass/speed/get", speedGet, { emptyBodyIsObject }),
  route.post("/cgi-bin/message/mass/speed/set", speedSet, { emptyBodyIsObject }),
];
