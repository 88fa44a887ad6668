/**
 * Template messages: send (with the rules in force since 2023-05-04 applied
 * to what the user sees, client_msg_id de-duplication and the daily quota),
 * private templates, the library and the industry. A send pushes
 * TEMPLATESENDJOBFINISH to the app's server URL.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Operation_Specifications.html
 */
import { INDUSTRIES, LIBRARY, TEMPLATE_LIMIT, contentOf, fieldsOf, newTemplateId, type SimTemplate } from "./notify-state";
import { begin, isText, isWebUrl, newNumericMsgId } from "./notify-http";
import { pushLater, templateJobFinishXml } from "./notify-events";
import type { JsonResult, Route, RouteContext } from "./router";
import { beijingDay } from "./state";
import { isWellFormedOpenid } from "./users";
import { wxError } from "./wechat-errors";

const VALUE_MAX = 20;
const DEDUP_MS = 10 * 60_000;
const MONTH_MS = 30 * 86400_000;

/** The checks every template call starts with: token, then a JSON object body for POSTs. */
/** What the user sees: first/remark and colours gone, line breaks removed, values cut at 20 characters. */
function render(template: SimTemplate, data: Record<string, { value: string }>): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const field of fieldsOf(template.content)) {
    const value = (data[field]?.value ?? "").replace(/[\r\n]+/g, "");
    shown[field] = [...value].slice(0, VALUE_MAX).join("");
  }
  return shown;
}

function dataError(data: unknown): string | null {
  if (!data || typeof data !== "object" || Array.isArray(data) || Object.keys(data).length === 0) return "data";
  for (const [key, item] of Object.entries(data as Record<string, unknown>)) {
    if (!item || typeof item !== "object" || typeof (item as { value?: unknown }).value !== "string") return `data.${key}.value`;
  }
  return null;
}

async function send(ctx: RouteContext): Promise<JsonResult> {
  const start = await begin(ctx, true);
  if ("error" in start) return start.error;
  const { body } = start;
  const { state } = ctx;
  const n = state.notify;
  const touser = isText(body.touser) ? body.touser : "";
  const user = state.users.get(touser);
  if (!isWellFormedOpenid(touser) || !user) return { json: wxError(40003) };
  if (user.subscribe === 0) return { json: wxError(43004) };
  const template = n.templates.find((t) => t.template_id === body.template_id);
  if (!template) return { json: wxError(40037, "invalid template_id") };
  const bad = dataError(body.data);
  if (bad) return { json: wxError(47003, `argument invalid! ${bad}`) };
  if (body.url !== undefined && !isWebUrl(body.url)) return { json: wxError(47003, "argument invalid! url") };
  const mp = body.miniprogram as { appid?: unknown } | undefined;
  if (mp !== undefined && !isText(mp?.appid)) return { json: wxError(47003, "argument invalid! miniprogram.appid") };
  const clientMsgId = isText(body.client_msg_id) ? body.client_msg_id : undefined;
  if (clientMsgId) {
    // The same openid + client_msg_id within 10 minutes is not sent again.
    const earlier = n.sent.find((s) => s.kind === "template" && s.touser === touser && s.clientMsgId === clientMsgId && state.now() - s.at < DEDUP_MS);
    if (earlier) return { json: { errcode: 0, errmsg: "ok", msgid: Number(earlier.msgId) } };
  }
  const day = beijingDay(state.now());
  const used = n.sendsByDay.get(day) ?? 0;
  if (used >= n.dailyQuota) return { json: wxError(45009) };
  n.sendsByDay.set(day, used + 1);
  const msgId = newNumericMsgId();
  const shown = render(template, body.data as Record<string, { value: string }>);
  n.record({ id: state.id(), at: state.now(), kind: "template", touser, templateId: template.template_id, msgId, shown, ...(clientMsgId ? { clientMsgId } : {}) });
  const status = n.blocked.has(touser) ? "failed:user block" : "success";
  if (status === "success") {
    const lines = Object.values(shown).join(" / ");
    state.addConversation({ openid: touser, role: "system", kind: "template", text: `模板消息「${template.title}」 ${lines}`, payload: { template_id: template.template_id, shown } });
  }
  void pushLater(state, templateJobFinishXml(state, touser, msgId, status), touser);
  return { json: { errcode: 0, errmsg: "ok", msgid: Number(msgId) } };
}

async function list(ctx: RouteContext): Promise<JsonResult> {
  const start = await begin(ctx, false);
  if ("error" in start) return start.error;
  return { json: { template_list: ctx.state.notify.templates.map((t) => ({ ...t })) } };
}

async function remove(ctx: RouteContext): Promise<JsonResult> {
  const start = await begin(ctx, true);
  if ("error" in start) return start.error;
  const n = ctx.state.notify;
  const index = n.templates.findIndex((t) => t.template_id === start.body.template_id);
  if (index < 0) return { json: wxError(40037, "invalid template_id") };
  n.templates.splice(index, 1);
  return { json: { errcode: 0, errmsg: "ok" } };
}

async function add(ctx: RouteContext): Promise<JsonResult> {
  const start = await begin(ctx, true);
  if ("error" in start) return start.error;
  const { body } = start;
  const n = ctx.state.notify;
  const entry = LIBRARY.find((t) => t.short === body.template_id_short);
  if (!entry) return { json: wxError(40037, "invalid template_id_short") };
  const names = body.keyword_name_list;
  if (!Array.isArray(names) || names.length === 0) return { json: wxError(40246, "invalid keyword_name_list") };
  const keywords = names.map((name) => entry.keywords.find(([k]) => k === name));
  if (keywords.some((k) => k === undefined) || new Set(names).size !== names.length) return { json: wxError(40246, "invalid keyword_name_list") };
  if (n.templates.length >= TEMPLATE_LIMIT) return { json: wxError(45026, "template size out of limit") };
  const [first, second] = [INDUSTRIES[n.industry.id1 - 1], INDUSTRIES[n.industry.id2 - 1]];
  const template: SimTemplate = {
    template_id: newTemplateId(), title: entry.title, primary_industry: first?.[0] ?? "", deputy_industry: second?.[1] ?? "",
    content: contentOf(keywords as Array<[string, string]>), example: "",
  };
  n.templates.push(template);
  return { json: { errcode: 0, errmsg: "ok", template_id: template.template_id } };
}

const industryCode = (value: unknown): number => (typeof value === "string" || typeof value === "number") && /^\d+$/.test(String(value)) ? Number(value) : 0;

async function setIndustry(ctx: RouteContext): Promise<JsonResult> {
  const start = await begin(ctx, true);
  if ("error" in start) return start.error;
  const [id1, id2] = [industryCode(start.body.industry_id1), industryCode(start.body.industry_id2)];
  if (id1 < 1 || id1 > INDUSTRIES.length || id2 < 1 || id2 > INDUSTRIES.length) return { json: wxError(40102, "invalid industry id") };
  const n = ctx.state.notify;
  // The industry may change once a month.
  if (n.industry.changedAt > 0 && ctx.state.now() - n.industry.changedAt < MONTH_MS) return { json: wxError(43100, "change template too frequently") };
  n.industry = { id1, id2, changedAt: ctx.state.now() };
  return { json: { errcode: 0, errmsg: "ok" } };
}

async function getIndustry(ctx: RouteContext): Promise<JsonResult> {
  const start = await begin(ctx, false);
  if ("error" in start) return start.error;
  const { id1, id2 } = ctx.state.notify.industry;
  const cls = (id: number): { first_class: string; second_class: string } => {
    const [first, second] = INDUSTRIES[id - 1] ?? ["", ""];
    return { first_class: first, second_class: second };
  };
  return { json: { primary_industry: cls(id1), secondary_industry: cls(id2) } };
}

export const templateRoutes: Route[] = [
  { method: "POST", path: "/cgi-bin/message/template/send", endpoint: "cgi-bin/message/template/send", handler: send },
  { method: "GET", path: "/cgi-bin/template/get_all_private_template", endpoint: "cgi-bin/template/get_all_private_template", handler: list },
  { method: "POST", path: "/cgi-bin/template/del_private_template", endpoint: "cgi-bin/template/del_private_template", handler: remove },
  { method: "POST", path: "/cgi-bin/template/api_add_template", endpoint: "cgi-bin/template/api_add_template", handler: add },
  { method: "POST", path: "/cgi-bin/template/api_set_industry", endpoint: "cgi-bin/template/api_set_industry", handler: setIndustry },
  { method: "GET", path: "/cgi-bin/template/get_industry", endpoint: "cgi-bin/template/get_industry", handler: getIndustry },
];
