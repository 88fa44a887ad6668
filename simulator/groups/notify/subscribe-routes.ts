/**
 * Subscribe notifications for service accounts (订阅通知): the template
 * library by category, private templates, and bizsend — which needs a
 * one-off subscription the user granted (43101 otherwise) and pushes
 * subscribe_msg_sent_event with the notification's MsgID.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 */
import { accessToken, fail, ok, routesFor, type AccountContext, type JsonObject } from "../../core/api-route";
import { beijingDay } from "../../core/clock";
import type { JsonResult, Route } from "../../core/router";
import { isWellFormedOpenid } from "../../core/users";
import { pushLater, subscribeEventXml } from "./events";
import { chars, isText, isWebUrl, newNumericMsgId } from "./request";
import { CATEGORIES, PUB_TEMPLATES, SUBSCRIBE_TEMPLATE_LIMIT, fieldsOf, newTemplateId, notifyState } from "./state";

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

function bizsend(ctx: AccountContext, body: JsonObject): JsonResult {
  const { state, account } = ctx;
  const n = account.state(notifyState);
  const touser = isText(body.touser) ? body.touser : "";
  if (!isWellFormedOpenid(touser) || !account.users.get(touser)) return fail(40003);
  const template = n.subscribeTemplates.find((t) => t.priTmplId === body.template_id);
  if (!template) return fail(40037);
  if (body.page !== undefined && !isWebUrl(body.page)) return fail(47003, "argument invalid! page");
  const data = (body.data && typeof body.data === "object" ? body.data : {}) as Record<string, { value?: unknown } | undefined>;
  for (const field of fieldsOf(template.content)) {
    const value = data[field]?.value;
    if (typeof value !== "string" || !valueOk(field, value)) return fail(47003, `argument invalid! data.${field}.value invalid`);
  }
  const day = `sub:${beijingDay(state.now())}`;
  const used = n.sendsByDay.get(day) ?? 0;
  if (used >= n.dailyQuota) return fail(45009);
  if (!n.consumeGrant(touser, template.priTmplId)) return fail(43101);
  n.sendsByDay.set(day, used + 1);
  const msgId = newNumericMsgId();
  const shown = Object.fromEntries(fieldsOf(template.content).map((f) => [f, String(data[f]?.value)]));
  n.record({ id: state.id(), at: state.now(), kind: "subscribe", touser, templateId: template.priTmplId, msgId, shown });
  state.addConversation({ openid: touser, role: "system", kind: "subscribe", text: `订阅通知「${template.title}」 ${Object.values(shown).join(" / ")}`, payload: { shown } });
  const item = { TemplateId: template.priTmplId, MsgID: msgId, ErrorCode: 0, ErrorStatus: "success" };
  void pushLater(state, account, subscribeEventXml(account, touser, "subscribe_msg_sent_event", [item]), touser);
  return ok();
}

function getCategory(): JsonResult {
  return ok({ data: CATEGORIES });
}

function titles(ctx: AccountContext): JsonResult {
  const ids = (ctx.query.get("ids") ?? "").split(",").filter((s) => s !== "");
  if (ids.length === 0) return fail(200018);
  if (!ids.every((id) => /^\d+$/.test(id))) return fail(200019);
  const startAt = Number(ctx.query.get("start") ?? "");
  const limit = Number(ctx.query.get("limit") ?? "");
  if (!Number.isInteger(startAt) || startAt < 0 || ctx.query.get("start") === null) return fail(200016);
  if (!Number.isInteger(limit) || limit < 1 || limit > 30) return fail(200017);
  const matching = PUB_TEMPLATES.filter((t) => ids.includes(String(t.categoryId)));
  const data = matching.slice(startAt, startAt + limit).map(({ tid, title, type, categoryId }) => ({ tid, title, type, categoryId: String(categoryId) }));
  return ok({ count: matching.length, data });
}

function keywords(ctx: AccountContext): JsonResult {
  const template = PUB_TEMPLATES.find((t) => String(t.tid) === ctx.query.get("tid"));
  if (!template) return fail(200014);
  return ok({ count: template.keywords.length, data: template.keywords });
}

function addTemplate(ctx: AccountContext, body: JsonObject): JsonResult {
  const n = ctx.account.state(notifyState);
  const pub = PUB_TEMPLATES.find((t) => String(t.tid) === String(body.tid));
  if (!pub) return fail(200014);
  const kids = Array.isArray(body.kidList) ? body.kidList : [];
  const chosen = kids.map((kid) => pub.keywords.find((k) => k.kid === kid));
  if (kids.length < 2 || kids.length > 5 || chosen.some((k) => !k) || new Set(kids).size !== kids.length) return fail(200020);
  if (body.sceneDesc !== undefined && (typeof body.sceneDesc !== "string" || chars(body.sceneDesc) > 15)) return fail(200021);
  if (n.subscribeTemplates.length >= SUBSCRIBE_TEMPLATE_LIMIT) return fail(200012);
  const list = chosen as NonNullable<(typeof chosen)[number]>[];
  const priTmplId = newTemplateId();
  n.subscribeTemplates.push({
    priTmplId, title: pub.title, tid: pub.tid, type: pub.type,
    content: list.map((k) => `${k.name}:{{${k.rule}${k.kid}.DATA}}`).join("\n"),
    example: list.map((k) => `${k.name}:${k.example}`).join("\n"),
  });
  return ok({ priTmplId });
}

function delTemplate(ctx: AccountContext, body: JsonObject): JsonResult {
  const n = ctx.account.state(notifyState);
  const index = n.subscribeTemplates.findIndex((t) => t.priTmplId === body.priTmplId);
  if (index < 0) return fail(40037);
  n.subscribeTemplates.splice(index, 1);
  return ok();
}

function getTemplate(ctx: AccountContext): JsonResult {
  const data = ctx.account.state(notifyState).subscribeTemplates.map(({ priTmplId, title, content, example, type }) => ({ priTmplId, title, content, example, type }));
  return ok({ data });
}

const route = routesFor(accessToken);

export const subscribeRoutes: Route[] = [
  route.post("/cgi-bin/message/subscribe/bizsend", bizsend),
  route.get("/wxaapi/newtmpl/getcategory", getCategory),
  route.get("/wxaapi/newtmpl/getpubtemplatetitles", titles),
  route.get("/wxaapi/newtmpl/getpubtemplatekeywords", keywords),
  route.post("/wxaapi/newtmpl/addtemplate", addTemplate),
  route.post("/wxaapi/newtmpl/deltemplate", delTemplate),
  route.get("/wxaapi/newtmpl/gettemplate", getTemplate),
];
