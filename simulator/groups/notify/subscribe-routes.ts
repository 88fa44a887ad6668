/**
 * Subscribe notifications for service accounts (订阅通知): the template
 * library by category, private templates, and bizsend — which needs a
 * one-off subscription the user granted (43101 otherwise) and pushes
 * subscribe_msg_sent_event with the notification's MsgID.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 */
import { CATEGORIES, PUB_TEMPLATES, SUBSCRIBE_TEMPLATE_LIMIT, fieldsOf, newTemplateId } from "./notify-state";
import { begin, chars, isText, isWebUrl, newNumericMsgId } from "./notify-http";
import { pushLater, subscribeEventXml } from "./notify-events";
import type { JsonResult, Route, RouteContext } from "./router";
import { beijingDay } from "./state";
import { isWellFormedOpenid } from "./users";
import { wxError } from "./wechat-errors";

const HAN = /^\p{Script=Han}+$/u;
/** Keyword value rules by type: [max characters, allowed pattern]. */
const RULES: Record<string, [number, RegExp?]> = {
  thing: [20], number: [32, /^-?\d+(\.\d+)?$/], letter: [32, /^[A-Za-z]+$/], symbol: [5, /^[^\p{L}\p{N}\s]+$/u],
  character_string: [32, /^[\x21-\x7e]+$/], phone_number: [17, /^[\d+\-() ]+$/], car_number: [8], phrase: [5, HAN],
  amount: [14, /^\D?\d{1,10}(\.\d{1,2})?元?$/u],
};

function valueOk(field: string, value: string): boolean {
  if (value === "") return false;
  const type = field.replace(/\d+$/, "");
  if (type === "name") return HAN.test(value) ? chars(value) <= 10 : chars(value) <= 20 && !/\p{Script=Han}/u.test(value);
  const rule = RULES[type];
  return !rule || (chars(value) <= rule[0] && (!rule[1] || rule[1].test(value)));
}

async function bizsend(ctx: RouteContext): Promise<JsonResult> {
  const start = await begin(ctx, true);
  if ("error" in start) return start.error;
  const { body } = start;
  const { state } = ctx;
  const n = state.notify;
  const touser = isText(body.touser) ? body.touser : "";
  if (!isWellFormedOpenid(touser) || !state.users.get(touser)) return { json: wxError(40003) };
  const template = n.subscribeTemplates.find((t) => t.priTmplId === body.template_id);
  if (!template) return { json: wxError(40037, "invalid template_id") };
  if (body.page !== undefined && !isWebUrl(body.page)) return { json: wxError(47003, "argument invalid! page") };
  const data = (body.data && typeof body.data === "object" ? body.data : {}) as Record<string, { value?: unknown } | undefined>;
  for (const field of fieldsOf(template.content)) {
    const value = data[field]?.value;
    if (typeof value !== "string" || !valueOk(field, value)) return { json: wxError(47003, `argument invalid! data.${field}.value invalid`) };
  }
  const day = `sub:${beijingDay(state.now())}`;
  const used = n.sendsByDay.get(day) ?? 0;
  if (used >= n.dailyQuota) return { json: wxError(45009) };
  if (!n.consumeGrant(touser, template.priTmplId)) return { json: wxError(43101, "user refuse to accept the msg") };
  n.sendsByDay.set(day, used + 1);
  const msgId = newNumericMsgId();
  const shown = Object.fromEntries(fieldsOf(template.content).map((f) => [f, String(data[f]?.value)]));
  n.record({ id: state.id(), at: state.now(), kind: "subscribe", touser, templateId: template.priTmplId, msgId, shown });
  state.addConversation({ openid: touser, role: "system", kind: "subscribe", text: `订阅通知「${template.title}」 ${Object.values(shown).join(" / ")}`, payload: { shown } });
  const item = { TemplateId: template.priTmplId, MsgID: msgId, ErrorCode: 0, ErrorStatus: "success" };
  void pushLater(state, subscribeEventXml(state, touser, "subscribe_msg_sent_event", [item]), touser);
  return { json: { errcode: 0, errmsg: "ok" } };
}

async function getCategory(ctx: RouteContext): Promise<JsonResult> {
  const start = await begin(ctx, false);
  return "error" in start ? start.error : { json: { errcode: 0, errmsg: "ok", data: CATEGORIES } };
}

async function titles(ctx: RouteContext): Promise<JsonResult> {
  const start = await begin(ctx, false);
  if ("error" in start) return start.error;
  const ids = (ctx.query.get("ids") ?? "").split(",").filter((s) => s !== "");
  if (ids.length === 0) return { json: wxError(200018, "missing ids") };
  if (!ids.every((id) => /^\d+$/.test(id))) return { json: wxError(200019, "invalid ids") };
  const startAt = Number(ctx.query.get("start") ?? "");
  const limit = Number(ctx.query.get("limit") ?? "");
  if (!Number.isInteger(startAt) || startAt < 0 || ctx.query.get("start") === null) return { json: wxError(200016, "invalid start") };
  if (!Number.isInteger(limit) || limit < 1 || limit > 30) return { json: wxError(200017, "invalid limit") };
  const matching = PUB_TEMPLATES.filter((t) => ids.includes(String(t.categoryId)));
  const data = matching.slice(startAt, startAt + limit).map(({ tid, title, type, categoryId }) => ({ tid, title, type, categoryId: String(categoryId) }));
  return { json: { errcode: 0, errmsg: "ok", count: matching.length, data } };
}

async function keywords(ctx: RouteContext): Promise<JsonResult> {
  const start = await begin(ctx, false);
  if ("error" in start) return start.error;
  const template = PUB_TEMPLATES.find((t) => String(t.tid) === ctx.query.get("tid"));
  if (!template) return { json: wxError(200014, "invalid tid") };
  return { json: { errcode: 0, errmsg: "ok", count: template.keywords.length, data: template.keywords } };
}

async function addTemplate(ctx: RouteContext): Promise<JsonResult> {
  const start = await begin(ctx, true);
  if ("error" in start) return start.error;
  const { body } = start;
  const n = ctx.state.notify;
  const pub = PUB_TEMPLATES.find((t) => String(t.tid) === String(body.tid));
  if (!pub) return { json: wxError(200014, "invalid tid") };
  const kids = Array.isArray(body.kidList) ? body.kidList : [];
  const chosen = kids.map((kid) => pub.keywords.find((k) => k.kid === kid));
  if (kids.length < 2 || kids.length > 5 || chosen.some((k) => !k) || new Set(kids).size !== kids.length) return { json: wxError(200020, "invalid kidList") };
  if (body.sceneDesc !== undefined && (typeof body.sceneDesc !== "string" || chars(body.sceneDesc) > 15)) return { json: wxError(200021, "invalid sceneDesc") };
  if (n.subscribeTemplates.length >= SUBSCRIBE_TEMPLATE_LIMIT) return { json: wxError(200012, "private template count limit") };
  const list = chosen as NonNullable<(typeof chosen)[number]>[];
  const priTmplId = newTemplateId();
  n.subscribeTemplates.push({
    priTmplId, title: pub.title, tid: pub.tid, type: pub.type,
    content: list.map((k) => `${k.name}:{{${k.rule}${k.kid}.DATA}}`).join("\n"),
    example: list.map((k) => `${k.name}:${k.example}`).join("\n"),
  });
  return { json: { errcode: 0, errmsg: "ok", priTmplId } };
}

async function delTemplate(ctx: RouteContext): Promise<JsonResult> {
  const start = await begin(ctx, true);
  if ("error" in start) return start.error;
  const n = ctx.state.notify;
  const index = n.subscribeTemplates.findIndex((t) => t.priTmplId === start.body.priTmplId);
  if (index < 0) return { json: wxError(40037, "invalid template_id") };
  n.subscribeTemplates.splice(index, 1);
  return { json: { errcode: 0, errmsg: "ok" } };
}

async function getTemplate(ctx: RouteContext): Promise<JsonResult> {
  const start = await begin(ctx, false);
  if ("error" in start) return start.error;
  const data = ctx.state.notify.subscribeTemplates.map(({ priTmplId, title, content, example, type }) => ({ priTmplId, title, content, example, type }));
  return { json: { errcode: 0, errmsg: "ok", data } };
}

export const subscribeRoutes: Route[] = [
  { method: "POST", path: "/cgi-bin/message/subscribe/bizsend", endpoint: "cgi-bin/message/subscribe/bizsend", handler: bizsend },
  { method: "GET", path: "/wxaapi/newtmpl/getcategory", endpoint: "wxaapi/newtmpl/getcategory", handler: getCategory },
  { method: "GET", path: "/wxaapi/newtmpl/getpubtemplatetitles", endpoint: "wxaapi/newtmpl/getpubtemplatetitles", handler: titles },
  { method: "GET", path: "/wxaapi/newtmpl/getpubtemplatekeywords", endpoint: "wxaapi/newtmpl/getpubtemplatekeywords", handler: keywords },
  { method: "POST", path: "/wxaapi/newtmpl/addtemplate", endpoint: "wxaapi/newtmpl/addtemplate", handler: addTemplate },
  { method: "POST", path: "/wxaapi/newtmpl/deltemplate", endpoint: "wxaapi/newtmpl/deltemplate", handler: delTemplate },
  { method: "GET", path: "/wxaapi/newtmpl/gettemplate", endpoint: "wxaapi/newtmpl/gettemplate", handler: getTemplate },
];
