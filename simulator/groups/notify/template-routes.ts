/**
 * Template messages: send (with the rules in force since 2023-05-04 applied
 * to what the user sees, client_msg_id de-duplication and the daily quota),
 * private templates, the library and the industry. A send pushes
 * TEMPLATESENDJOBFINISH to the app's server URL.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Operation_Specifications.html
 */
import { accessToken, fail, ok, routesFor, type AccountContext, type JsonObject } from "../../core/api-route";
import { beijingDay } from "../../core/clock";
import type { JsonResult, Route } from "../../core/router";
import { isWellFormedOpenid } from "../../core/users";
import { pushLater, templateJobFinishXml } from "./events";
import { isText, isWebUrl, newNumericMsgId } from "./request";
import { INDUSTRIES, LIBRARY, TEMPLATE_LIMIT, contentOf, fieldsOf, newTemplateId, notifyState, type SimTemplate } from "./state";

const VALUE_MAX = 20;
const DEDUP_MS = 10 * 60_000;
const MONTH_MS = 30 * 86400_000;

/** What the user sees: first/remark and colours gone, line breaks removed, values cut at 20 characters. */
function render(template: SimTemplate, data: Record<string, { value: string }>): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const field of fieldsOf(template.content)) {
    const value = (data[field]?.value ?? "").replace(/[\r\n]+/g, "");
    shown[field] = [...value].slice(0, VALUE_MAX).join("");
  }
  return shown;
}

/** The card's rows as WeChat shows them: each content line's label ("订单编号:") and its value. */
function cardRows(template: SimTemplate, shown: Record<string, string>): Array<{ label: string; value: string }> {
  const rows: Array<{ label: string; value: string }> = [];
  for (const line of template.content.split("\n")) {
    const m = /^(.*?)\{\{(\w+)\.DATA\}\}/.exec(line.trim());
    if (!m) continue;
    rows.push({ label: (m[1] ?? "").replace(/[:：]\s*$/, "").trim(), value: shown[m[2] as string] ?? "" });
  }
  return rows;
}

function dataError(data: unknown): string | null {
  if (!data || typeof data !== "object" || Array.isArray(data) || Object.keys(data).length === 0) return "data";
  for (const [key, item] of Object.entries(data as Record<string, unknown>)) {
    if (!item || typeof item !== "object" || typeof (item as { value?: unknown }).value !== "string") return `data.${key}.value`;
  }
  return null;
}

function send(ctx: AccountContext, body: JsonObject): JsonResult {
  const { state, account } = ctx;
  const n = account.state(notifyState);
  const touser = isText(body.touser) ? body.touser : "";
  const user = account.users.get(touser);
  if (!isWellFormedOpenid(touser) || !user) return fail(40003);
  if (user.subscribe === 0) return fail(43004);
  const template = n.templates.find((t) => t.template_id === body.template_id);
  if (!template) return fail(40037);
  const bad = dataError(body.data);
  if (bad) return fail(47003, `argument invalid! ${bad}`);
  if (body.url !== undefined && !isWebUrl(body.url)) return fail(47003, "argument invalid! url");
  const mp = body.miniprogram as { appid?: unknown } | undefined;
  if (mp !== undefined && !isText(mp?.appid)) return fail(47003, "argument invalid! miniprogram.appid");
  const clientMsgId = isText(body.client_msg_id) ? body.client_msg_id : undefined;
  if (clientMsgId) {
    // The same openid + client_msg_id within 10 minutes is not sent again.
    const earlier = n.sent.find((s) => s.kind === "template" && s.touser === touser && s.clientMsgId === clientMsgId && state.now() - s.at < DEDUP_MS);
    if (earlier) return ok({ msgid: Number(earlier.msgId) });
  }
  const day = beijingDay(state.now());
  const used = n.sendsByDay.get(day) ?? 0;
  if (used >= n.dailyQuota) return fail(45009);
  n.sendsByDay.set(day, used + 1);
  const msgId = newNumericMsgId();
  const shown = render(template, body.data as Record<string, { value: string }>);
  n.record({ id: state.id(), at: state.now(), kind: "template", touser, templateId: template.template_id, msgId, shown, ...(clientMsgId ? { clientMsgId } : {}) });
  const status = n.blocked.has(touser) ? "failed:user block" : "success";
  if (status === "success") {
    const lines = Object.values(shown).join(" / ");
    state.addConversation({ openid: touser, role: "system", kind: "template", text: `模板消息「${template.title}」 ${lines}`, payload: { template_id: template.template_id, shown, title: template.title, rows: cardRows(template, shown), ...(isWebUrl(body.url) ? { url: body.url } : {}) } });
  }
  void pushLater(state, account, templateJobFinishXml(account, touser, msgId, status), touser);
  return ok({ msgid: Number(msgId) });
}

function list(ctx: AccountContext): JsonResult {
  return { json: { template_list: ctx.account.state(notifyState).templates.map((t) => ({ ...t })) } };
}

function remove(ctx: AccountContext, body: JsonObject): JsonResult {
  const n = ctx.account.state(notifyState);
  const index = n.templates.findIndex((t) => t.template_id === body.template_id);
  if (index < 0) return fail(40037);
  n.templates.splice(index, 1);
  return ok();
}

function add(ctx: AccountContext, body: JsonObject): JsonResult {
  const n = ctx.account.state(notifyState);
  const entry = LIBRARY.find((t) => t.short === body.template_id_short);
  if (!entry) return fail(40037, "invalid template_id_short");
  const names = body.keyword_name_list;
  if (!Array.isArray(names) || names.length === 0) return fail(40246);
  const keywords = names.map((name) => entry.keywords.find(([k]) => k === name));
  if (keywords.some((k) => k === undefined) || new Set(names).size !== names.length) return fail(40246);
  if (n.templates.length >= TEMPLATE_LIMIT) return fail(45026);
  const [first, second] = [INDUSTRIES[n.industry.id1 - 1], INDUSTRIES[n.industry.id2 - 1]];
  const template: SimTemplate = {
    template_id: newTemplateId(), title: entry.title, primary_industry: first?.[0] ?? "", deputy_industry: second?.[1] ?? "",
    content: contentOf(keywords as Array<[string, string]>), example: "",
  };
  n.templates.push(template);
  return ok({ template_id: template.template_id });
}

const industryCode = (value: unknown): number => (typeof value === "string" || typeof value === "number") && /^\d+$/.test(String(value)) ? Number(value) : 0;

function setIndustry(ctx: AccountContext, body: JsonObject): JsonResult {
  const [id1, id2] = [industryCode(body.industry_id1), industryCode(body.industry_id2)];
  if (id1 < 1 || id1 > INDUSTRIES.length || id2 < 1 || id2 > INDUSTRIES.length) return fail(40102);
  const n = ctx.account.state(notifyState);
  const now = ctx.account.now();
  // The industry may change once a month.
  if (n.industry.changedAt > 0 && now - n.industry.changedAt < MONTH_MS) return fail(43100);
  n.industry = { id1, id2, changedAt: now };
  return ok();
}

function getIndustry(ctx: AccountContext): JsonResult {
  const { id1, id2 } = ctx.account.state(notifyState).industry;
  const cls = (id: number): { first_class: string; second_class: string } => {
    const [first, second] = INDUSTRIES[id - 1] ?? ["", ""];
    return { first_class: first, second_class: second };
  };
  return { json: { primary_industry: cls(id1), secondary_industry: cls(id2) } };
}

const route = routesFor(accessToken);

export const templateRoutes: Route[] = [
  route.post("/cgi-bin/message/template/send", send),
  route.get("/cgi-bin/template/get_all_private_template", list),
  route.post("/cgi-bin/template/del_private_template", remove),
  route.post("/cgi-bin/template/api_add_template", add),
  route.post("/cgi-bin/template/api_set_industry", setIndustry),
  route.get("/cgi-bin/template/get_industry", getIndustry),
];
