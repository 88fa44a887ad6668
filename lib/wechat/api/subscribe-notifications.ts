/**
 * Subscribe notifications (订阅通知) for service accounts: templates from the
 * public library, chosen per category, and sends to users who subscribed —
 * through the JS-SDK's `wx-open-subscribe` button on a web page, or the
 * account's own popups. The user's choice arrives as subscribe_msg_* events.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 */
import type { WeChatApiCaller } from "../api-client";
import { WeChatApiError, WeChatValidationError } from "../errors";
import { checkSubscribeData } from "./subscribe-rules";
import { charCount } from "./template-rules";

export interface SubscribeMessage {
  touser: string;
  /** The private template id (priTmplId). */
  template_id: string;
  /** A web page opened on tap. */
  page?: string;
  miniprogram?: { appid: string; pagepath: string };
  /** Keyed by keyword (`thing1`, `time2`…), values within their type's limits. */
  data: Record<string, { value: string }>;
}

/** 43101: the user has not subscribed (or has refused) — an everyday outcome, not a failure. */
export type SubscribeSendResult = { ok: true } | { ok: false; reason: "user_refused"; errmsg: string };

export interface Category { id: number; name: string }
export interface PubTemplateTitle { tid: number; title: string; /** 2 one-off, 3 long-term. */ type: number; categoryId: string }
export interface PubTemplateKeyword { kid: number; name: string; example: string; /** thing, time, number… */ rule: string }
export interface SubscribeTemplate { priTmplId: string; title: string; content: string; example: string; type: number }

/** At most 30 titles per page; 2–5 keywords and a scene description of ≤ 15 characters per template. */
export const TITLES_PAGE_MAX = 30;
export const KEYWORDS_MIN = 2;
export const KEYWORDS_MAX = 5;
export const SCENE_DESC_MAX_CHARS = 15;
const USER_REFUSED = 43101;

const fail = (field: string, message: string): never => {
  throw new WeChatValidationError(field, message);
};
const requireText = (field: string, value: unknown): void => {
  if (typeof value !== "string" || value.trim() === "") fail(field, `${field} 不能为空`);
};

function checkMessage(message: SubscribeMessage): void {
  requireText("touser", message.touser);
  requireText("template_id", message.template_id);
  if (message.page !== undefined && !/^https?:\/\/\S+$/i.test(message.page)) fail("page", "page 必须是 http 或 https 链接");
  if (message.miniprogram !== undefined) {
    requireText("miniprogram.appid", message.miniprogram.appid);
    requireText("miniprogram.pagepath", message.miniprogram.pagepath);
  }
  if (!message.data || Object.keys(message.data).length === 0) fail("data", "data 不能为空");
  const [problem] = checkSubscribeData(message.data);
  if (problem) fail(problem.field, problem.message);
}

/**
 * Sends one subscribe notification. Each one-off subscription allows one send;
 * 43101 (not subscribed / refused) is returned as `{ ok: false, reason: "user_refused" }`.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 */
export async function sendSubscribeMessage(client: WeChatApiCaller, message: SubscribeMessage): Promise<SubscribeSendResult> {
  checkMessage(message);
  try {
    await client.call({ method: "POST", path: "/cgi-bin/message/subscribe/bizsend", body: message, idempotent: false });
    return { ok: true };
  } catch (error) {
    if (error instanceof WeChatApiError && error.errcode === USER_REFUSED) return { ok: false, reason: "user_refused", errmsg: error.errmsg };
    throw error;
  }
}

/**
 * The categories the account's templates may come from.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 */
export async function getCategories(client: WeChatApiCaller): Promise<Category[]> {
  return (await client.call<{ data?: Category[] }>({ path: "/wxaapi/newtmpl/getcategory" })).data ?? [];
}

/**
 * One page of library template titles in the given categories.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 */
export async function getPubTemplateTitles(
  client: WeChatApiCaller,
  opts: { categoryIds: number[]; start?: number; limit?: number },
): Promise<{ count: number; data: PubTemplateTitle[] }> {
  const { categoryIds, start = 0, limit = TITLES_PAGE_MAX } = opts;
  if (categoryIds.length === 0 || !categoryIds.every((id) => Number.isInteger(id) && id > 0)) fail("ids", "ids 必须是类目 id 列表");
  if (!Number.isInteger(start) || start < 0) fail("start", "start 必须是不小于 0 的整数");
  if (!Number.isInteger(limit) || limit < 1 || limit > TITLES_PAGE_MAX) fail("limit", `limit 取值 1 到 ${TITLES_PAGE_MAX}`);
  const res = await client.call<{ count?: number; data?: PubTemplateTitle[] }>({
    path: "/wxaapi/newtmpl/getpubtemplatetitles",
    query: { ids: categoryIds.join(","), start: String(start), limit: String(limit) },
  });
  return { count: res.count ?? 0, data: res.data ?? [] };
}

/**
 * The keywords of a library template, to choose `kidList` from.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 */
export async function getPubTemplateKeywords(client: WeChatApiCaller, tid: string | number): Promise<PubTemplateKeyword[]> {
  requireText("tid", String(tid));
  const res = await client.call<{ data?: PubTemplateKeyword[] }>({ path: "/wxaapi/newtmpl/getpubtemplatekeywords", query: { tid: String(tid) } });
  return res.data ?? [];
}

/**
 * Adds a library template with 2–5 keywords in the given order; resolves to its priTmplId.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 */
export async function addSubscribeTemplate(
  client: WeChatApiCaller,
  opts: { tid: string | number; kidList: number[]; sceneDesc?: string },
): Promise<{ priTmplId: string }> {
  requireText("tid", String(opts.tid));
  const kids = opts.kidList;
  if (kids.length < KEYWORDS_MIN || kids.length > KEYWORDS_MAX) fail("kidList", `kidList 需要 ${KEYWORDS_MIN} 到 ${KEYWORDS_MAX} 个关键词`);
  if (!kids.every((k) => Number.isInteger(k) && k > 0) || new Set(kids).size !== kids.length) fail("kidList", "kidList 必须是不重复的关键词 id");
  if (opts.sceneDesc !== undefined && charCount(opts.sceneDesc) > SCENE_DESC_MAX_CHARS) fail("sceneDesc", `sceneDesc 不能超过 ${SCENE_DESC_MAX_CHARS} 个字`);
  const body = { tid: String(opts.tid), kidList: kids, ...(opts.sceneDesc === undefined ? {} : { sceneDesc: opts.sceneDesc }) };
  const res = await client.call<{ priTmplId?: string }>({ method: "POST", path: "/wxaapi/newtmpl/addtemplate", body, idempotent: false });
  return { priTmplId: res.priTmplId ?? "" };
}

/**
 * Deletes a private subscribe template.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 */
export async function deleteSubscribeTemplate(client: WeChatApiCaller, priTmplId: string): Promise<void> {
  requireText("priTmplId", priTmplId);
  await client.call({ method: "POST", path: "/wxaapi/newtmpl/deltemplate", body: { priTmplId } });
}

/**
 * The account's private subscribe templates.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 */
export async function listSubscribeTemplates(client: WeChatApiCaller): Promise<SubscribeTemplate[]> {
  return (await client.call<{ data?: SubscribeTemplate[] }>({ path: "/wxaapi/newtmpl/gettemplate" })).data ?? [];
}
