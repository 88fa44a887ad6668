/**
 * cgi-bin/message/mass/*: sendall, send, preview, get, delete, speed get/set.
 * Sends finish asynchronously with a MASSSENDJOBFINISH push; a clientmsgid
 * used within 24 hours is refused with 45065 and the first msg_id.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import { createHash } from "node:crypto";
import { authorizedBody, err, str } from "./broadcast-http";
import { finishLater, massSendJobFinishXml } from "./broadcast-events";
import { SPEEDS, type SimMassJob } from "./mass-store";
import type { JsonResult, Route, RouteContext } from "./router";
import { beijingDay, type SimulatorState } from "./state";
import { isWellFormedOpenid } from "./users";

const TYPES: Record<string, string> = { mpnews: "mpnews", text: "text", voice: "voice", image: "images", mpvideo: "mpvideo", wxcard: "wxcard" };

/** The errcode for the message content, or null; `articles` is the mpnews draft's article count. */
function contentError(state: SimulatorState, body: Record<string, unknown>, preview: boolean): { code: number } | { articles: number } {
  const msgtype = str(body.msgtype);
  const key = preview && msgtype === "image" ? "image" : TYPES[msgtype];
  if (!key) return { code: 40008 };
  const part = body[key] as Record<string, unknown> | undefined;
  if (!part || typeof part !== "object") return { code: 44004 };
  if (msgtype === "text") return str(part.content) ? { articles: 0 } : { code: 44004 };
  if (msgtype === "wxcard") return str(part.card_id) ? { articles: 0 } : { code: 40097 };
  if (msgtype === "mpnews") {
    const draft = state.drafts.drafts.get(str(part.media_id));
    return draft ? { articles: draft.articles.length } : { code: 40007 };
  }
  if (msgtype === "image") {
    const ids = preview ? [part.media_id] : Array.isArray(part.media_ids) ? part.media_ids : [];
    return ids.length && ids.every((id) => state.drafts.permanentImages.has(str(id))) ? { articles: 0 } : { code: 40007 };
  }
  return str(part.media_id) ? { articles: 0 } : { code: 40007 };
}

/** Common to sendall and send: content, clientmsgid, quota; then the job and its push. */
function startSend(state: SimulatorState, body: Record<string, unknown>, recipients: string[], total: number): JsonResult {
  const store = state.mass;
  const checked = contentError(state, body, false);
  if ("code" in checked) return { json: err(checked.code) };
  const given = body.clientmsgid === undefined ? undefined : str(body.clientmsgid);
  if (given !== undefined && (given === "" || Buffer.byteLength(given) > 64)) return { json: err(45067) };
  // Without one, WeChat uses a digest of the audience and the content as the clientmsgid.
  const { clientmsgid: _ignored, ...rest } = body;
  const clientId = given ?? `auto:${createHash("sha1").update(JSON.stringify(rest)).digest("hex")}`;
  const now = state.now();
  const earlier = store.recentClientId(clientId, now);
  if (earlier) return { json: { ...err(45065), msg_id: Number(earlier) } };
  const day = beijingDay(now);
  const used = store.sendsByDay.get(day) ?? 0;
  if (used >= store.dailyQuota) return { json: err(45028) };
  store.sendsByDay.set(day, used + 1);
  const job: SimMassJob = { msgId: store.newMsgId(), msgtype: str(body.msgtype), recipients, total, status: "SENDING", articles: checked.articles, at: now };
  if (job.msgtype === "mpnews") {
    job.msgDataId = String(2_247_700_000 + store.jobs.size + 1);
    // Like publishing, mass sending a draft takes it out of the draft box.
    state.drafts.drafts.delete(str((body.mpnews as Record<string, unknown>).media_id));
  }
  store.jobs.set(job.msgId, job);
  store.clientIds.set(clientId, { msgId: job.msgId, at: now });
  finishLater(state, store.pending, store.finishDelayMs, () => {
    if (job.status === "SENDING") job.status = "SEND_SUCCESS";
    const articleUrls = job.msgtype === "mpnews" ? Array.from({ length: job.articles }, (_, i) => `http://mp.weixin.qq.com/s?__biz=sim&mid=${job.msgDataId}&idx=${i + 1}`) : undefined;
    return massSendJobFinishXml(state, { msgId: job.msgId, status: "send success", total, filtered: total - recipients.length, sent: recipients.length, errors: 0, articleUrls });
  });
  return { json: { errcode: 0, errmsg: "send job submission success", msg_id: Number(job.msgId), ...(job.msgDataId ? { msg_data_id: Number(job.msgDataId) } : {}) } };
}

async function sendall(ctx: RouteContext): Promise<JsonResult> {
  const r = await authorizedBody(ctx);
  if (r.error) return { json: r.error };
  const filter = r.body.filter as { is_to_all?: unknown; tag_id?: unknown } | undefined;
  if (!filter || typeof filter !== "object") return { json: err(40097) };
  const toAll = filter.is_to_all === true;
  const tagId = Number(filter.tag_id);
  if (!toAll && !Number.isInteger(tagId)) return { json: err(40097) };
  const followers = ctx.state.users.followers().filter((u) => toAll || u.tagidList.includes(tagId));
  return startSend(ctx.state, r.body, followers.map((u) => u.openid), followers.length);
}

async function send(ctx: RouteContext): Promise<JsonResult> {
  const r = await authorizedBody(ctx);
  if (r.error) return { json: r.error };
  const touser = r.body.touser;
  if (!Array.isArray(touser) || touser.length < 2 || touser.length > 10_000) return { json: err(40130) };
  if (!touser.every((id) => isWellFormedOpenid(str(id)))) return { json: err(40003) };
  // Unknown users and non-followers are filtered out (FilterCount), not an error.
  const unique = [...new Set(touser.map(str))];
  const recipients = unique.filter((id) => ctx.state.users.get(id)?.subscribe === 1);
  return startSend(ctx.state, r.body, recipients, unique.length);
}

async function preview(ctx: RouteContext): Promise<JsonResult> {
  const r = await authorizedBody(ctx);
  if (r.error) return { json: r.error };
  const openid = str(r.body.touser);
  const wxname = str(r.body.towxname);
  if (!openid && !wxname) return { json: err(41009) };
  if (openid && ctx.state.users.get(openid)?.subscribe !== 1) return { json: err(43004) };
  const checked = contentError(ctx.state, r.body, true);
  if ("code" in checked) return { json: err(checked.code) };
  ctx.state.mass.previews.push({ to: openid || wxname, msgtype: str(r.body.msgtype), body: r.body });
  if (openid) ctx.state.addConversation({ openid, role: "custom", kind: str(r.body.msgtype), text: `[群发预览] ${str(r.body.msgtype)}`, payload: r.body });
  return { json: { errcode: 0, errmsg: "preview success", msg_id: Number(ctx.state.mass.newMsgId()) } };
}

async function withJob(ctx: RouteContext, answer: (job: SimMassJob, body: Record<string, unknown>) => JsonResult): Promise<JsonResult> {
  const r = await authorizedBody(ctx);
  if (r.error) return { json: r.error };
  const job = ctx.state.mass.jobs.get(str(r.body.msg_id));
  return job ? answer(job, r.body) : { json: err(40097) };
}

const get = (ctx: RouteContext): Promise<JsonResult> => withJob(ctx, (job) => ({ json: { msg_id: Number(job.msgId), msg_status: job.status } }));

const remove = (ctx: RouteContext): Promise<JsonResult> =>
  withJob(ctx, (job, body) => {
    const idx = Number(body.article_idx ?? 0);
    // Only sent article (mpnews) and video messages can be deleted.
    if (job.status !== "SEND_SUCCESS" || !["mpnews", "mpvideo"].includes(job.msgtype)) return { json: err(40097) };
    if (!Number.isInteger(idx) || idx < 0 || idx > job.articles) return { json: err(40097) };
    if (idx === 0) job.status = "DELETE";
    return { json: { errcode: 0, errmsg: "ok" } };
  });

async function speedGet(ctx: RouteContext): Promise<JsonResult> {
  const r = await authorizedBody(ctx, true);
  if (r.error) return { json: r.error };
  return { json: { speed: ctx.state.mass.speed, realspeed: SPEEDS[ctx.state.mass.speed] } };
}

async function speedSet(ctx: RouteContext): Promise<JsonResult> {
  const r = await authorizedBody(ctx, true);
  if (r.error) return { json: r.error };
  if (r.body.speed === undefined) return { json: err(45084) };
  const speed = Number(r.body.speed);
  if (!Number.isInteger(speed) || speed < 0 || speed > 4) return { json: err(45083) };
  ctx.state.mass.speed = speed;
  return { json: { errcode: 0, errmsg: "ok" } };
}

export const massRoutes: Route[] = [
  { method: "POST", path: "/cgi-bin/message/mass/sendall", endpoint: "cgi-bin/message/mass/sendall", handler: sendall },
  { method: "POST", path: "/cgi-bin/message/mass/send", endpoint: "cgi-bin/message/mass/send", handler: send },
  { method: "POST", path: "/cgi-bin/message/mass/preview", endpoint: "cgi-bin/message/mass/preview", handler: preview },
  { method: "POST", path: "/cgi-bin/message/mass/get", endpoint: "cgi-bin/message/mass/get", handler: get },
  { method: "POST", path: "/cgi-bin/message/mass/delete", endpoint: "cgi-bin/message/mass/delete", handler: remove },
  { method: "POST", path: "/cgi-bin/message/mass/speed/get", endpoint: "cgi-bin/message/mass/speed/get", handler: speedGet },
  { method: "POST", path: "/cgi-bin/message/mass/speed/set", endpoint: "cgi-bin/message/mass/speed/set", handler: speedSet },
];
