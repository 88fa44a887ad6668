/**
 * The template-message content rules in force since 2023-05-04, as a reusable
 * validator: the library warns with it, the admin console refuses with it.
 *
 * The platform itself does not reject such messages: it drops `first`/`remark`
 * and colours, truncates values past 20 characters and removes line breaks —
 * so the user sees something other than what was sent.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Operation_Specifications.html
 */

/** One template keyword value. `color` is accepted for type compatibility only: the platform ignores it. */
export interface TemplateDataValue {
  value: string;
  /** @deprecated Ignored by the platform since 2023-05-04. */
  color?: string;
}
export type TemplateData = Record<string, TemplateDataValue>;

/** A broken rule: the field as WeChat spells it, and what the platform does about it. */
export interface RuleViolation {
  field: string;
  message: string;
}

/** Maximum characters per keyword value (characters, not bytes: 20 汉字 or 20 letters). */
export const TEMPLATE_VALUE_MAX_CHARS = 20;
const DROPPED_KEYS = new Set(["first", "remark"]);

/** Characters as a reader counts them: an emoji or a CJK character is one. */
export const charCount = (text: string): number => [...text].length;

/**
 * Every way `data` (and the legacy top-level `topcolor`) breaks the 2023 rules,
 * in field order; empty when the message is shown as sent.
 */
export function checkTemplateRules(data: TemplateData, extra: { topcolor?: unknown } = {}): RuleViolation[] {
  const problems: RuleViolation[] = [];
  if (extra.topcolor !== undefined) {
    problems.push({ field: "topcolor", message: "模板消息已不支持自定义颜色，topcolor 会被忽略" });
  }
  for (const [key, item] of Object.entries(data)) {
    const field = `data.${key}`;
    if (DROPPED_KEYS.has(key)) {
      problems.push({ field, message: `自 2023 年 5 月 4 日起模板消息不再下发 ${key}（头部/尾部）内容` });
      continue;
    }
    if (item.color !== undefined) {
      problems.push({ field: `${field}.color`, message: "模板消息已不支持自定义颜色，color 会被忽略" });
    }
    const value = item.value;
    if (/[\r\n]/.test(value)) {
      problems.push({ field: `${field}.value`, message: "关键词内容不支持换行" });
    }
    if (charCount(value) > TEMPLATE_VALUE_MAX_CHARS) {
      problems.push({
        field: `${field}.value`,
        message: `关键词内容不能超过 ${TEMPLATE_VALUE_MAX_CHARS} 个字（当前 ${charCount(value)} 个），超出部分会被截断`,
      });
    }
  }
  return problems;
}
