/**
 * Template messages (模板消息): service notifications to followers, from the
 * account's private templates, plus the template library and the industry.
 *
 * The 2023 content rules (template-rules.ts) are warned about, not enforced,
 * by default: the platform still delivers such a message (truncated, without
 * first/remark), and refusing it here would lose a notice the user would
 * otherwise get. Pass `strict: true` to refuse instead (the admin console does).
 */
import type { WeChatApiCaller } from "../api-client";
import { WeChatValidationError } from "../errors";
import { checkTemplateRules, type RuleViolation, type TemplateData } from "./template-rules";

export type { TemplateData, TemplateDataValue, RuleViolation } from "./template-rules";

export interface TemplateMessage {
  /** The follower's openid. */
  touser: string;
  template_id: string;
  /** Opened on tap (http/https). Ignored when `miniprogram` is set and the mini program opens. */
  url?: string;
  miniprogram?: { appid: string; pagepath?: string };
  /** Idempotency key: the same openid + client_msg_id is sent once within 10 minutes. */
  client_msg_id?: string;
  data: TemplateData;
}

export interface TemplateSendOptions {
  /** Refuse a message that breaks the 2023 rules (WeChatValidationError) instead of warning. */
  strict?: boolean;
  /** Where rule warnings go (e.g. the app logger in development); silent when absent. */
  warn?: (message: string, detail: { field: string }) => void;
}

export interface PrivateTemplate {
  template_id: string;
  title: string;
  primary_industry: string;
  deputy_industry: string;
  /** e.g. "{{thing1.DATA}}\n{{time2.DATA}}" — the keyword names to fill. */
  content: string;
  example: string;
}

export interface IndustryClass {
  first_class: string;
  second_class: string;
}
export interface Industry {
  primary_industry: IndustryClass;
  secondary_industry: IndustryClass;
}

/** Industry codes run from 1 (IT科技 互联网/电子商务) to 41 (其它 其它). */
export const INDUSTRY_ID_MAX = 41;

const fail = (field: string, message: string): never => {
  throw new WeChatValidationError(field, message);
};
const requireText = (field: string, value: unknown): void => {
  if (typeof value !== "string" || value.trim() === "") fail(field, `${field} 不能为空`);
};

/** Checks what the platform would refuse outright (47003 / 40003 / 40037), whatever the mode. */
function checkSendable(message: TemplateMessage): void {
  requireText("touser", message.touser);
  requireText("template_id", message.template_id);
  if (message.url !== undefined && !/^https?:\/\/[^\s]+$/i.test(message.url)) fail("url", "url 必须是 http 或 https 链接");
  if (message.miniprogram !== undefined) requireText("miniprogram.appid", message.miniprogram.appid);
  if (message.client_msg_id !== undefined) requireText("client_msg_id", message.client_msg_id);
  if (!message.data || typeof message.data !== "object" || Object.keys(message.data).length === 0) fail("data", "data 不能为空");
  for (const [key, item] of Object.entries(message.data)) {
    if (typeof item?.value !== "string") fail(`data.${key}.value`, `data.${key}.value 必须是字符串`);
  }
}

/** The violations of the 2023 rules in `message` (for a console that wants to show them all). */
export function templateRuleViolations(message: Pick<TemplateMessage, "data">): RuleViolation[] {
  return checkTemplateRules(message.data);
}

/**
 * Sends a template message; resolves to its msgid (also the MsgID of the
 * TEMPLATESENDJOBFINISH event that reports delivery). Retried after a timeout
 * only with a `client_msg_id`, which makes the retry safe.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
export async function sendTemplateMessage(
  client: WeChatApiCaller,
  message: TemplateMessage,
  options: TemplateSendOptions = {},
): Promise<{ msgId: string }> {
  checkSendable(message);
  const violations = checkTemplateRules(message.data);
  const first = violations[0];
  if (first && options.strict) throw new WeChatValidationError(first.field, first.message);
  for (const v of violations) options.warn?.(`template message: ${v.field}: ${v.message}`, { field: v.field });
  const res = await client.call<{ msgid?: number | string }>({
    method: "POST",
    path: "/cgi-bin/message/template/send",
    body: message,
    idempotent: message.client_msg_id !== undefined,
  });
  return { msgId: String(res.msgid ?? "") };
}

/**
 * The account's private templates (at most 25).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
export async function listPrivateTemplates(client: WeChatApiCaller): Promise<PrivateTemplate[]> {
  const res = await client.call<{ template_list?: PrivateTemplate[] }>({ path: "/cgi-bin/template/get_all_private_template" });
  return res.template_list ?? [];
}

/**
 * Deletes a private template.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
export async function deletePrivateTemplate(client: WeChatApiCaller, templateId: string): Promise<void> {
  requireText("template_id", templateId);
  await client.call({ method: "POST", path: "/cgi-bin/template/del_private_template", body: { template_id: templateId } });
}

/**
 * Adds a template from the library by its short id, with the keywords chosen
 * by name, in order; resolves to the new private template_id.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
export async function addTemplate(
  client: WeChatApiCaller,
  templateIdShort: string,
  keywordNameList: string[],
): Promise<{ templateId: string }> {
  requireText("template_id_short", templateIdShort);
  // The platform answers 40246 for an empty list or a keyword not in the library template.
  if (!Array.isArray(keywordNameList) || keywordNameList.length === 0) fail("keyword_name_list", "keyword_name_list 不能为空");
  keywordNameList.forEach((name, i) => requireText(`keyword_name_list[${i}]`, name));
  if (new Set(keywordNameList).size !== keywordNameList.length) fail("keyword_name_list", "keyword_name_list 不能有重复的关键词");
  const res = await client.call<{ template_id?: string }>({
    method: "POST",
    path: "/cgi-bin/template/api_add_template",
    body: { template_id_short: templateIdShort, keyword_name_list: keywordNameList },
    idempotent: false,
  });
  return { templateId: res.template_id ?? "" };
}

/**
 * Sets the account's two industries (codes 1–41; changeable once a month).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
export async function setIndustry(client: WeChatApiCaller, industryId1: number, industryId2: number): Promise<void> {
  const check = (field: string, id: number): void => {
    if (!Number.isInteger(id) || id < 1 || id > INDUSTRY_ID_MAX) fail(field, `${field} 必须是 1 到 ${INDUSTRY_ID_MAX} 的行业代码`);
  };
  check("industry_id1", industryId1);
  check("industry_id2", industryId2);
  await client.call({
    method: "POST",
    path: "/cgi-bin/template/api_set_industry",
    // WeChat's own examples send the codes as strings.
    body: { industry_id1: String(industryId1), industry_id2: String(industryId2) },
  });
}

/**
 * The account's industries as set.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
export async function getIndustry(client: WeChatApiCaller): Promise<Industry> {
  return client.call<Industry>({ path: "/cgi-bin/template/get_industry" });
}
