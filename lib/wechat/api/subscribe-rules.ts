/**
 * Value rules of subscribe-notification keywords, by the type in the keyword's
 * name (`thing1` → thing). The platform refuses a value that breaks them
 * with 47003 "argument invalid!", so these are checked before the call.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 */
import { charCount, type RuleViolation } from "./template-rules";

interface KeywordRule {
  max: number;
  /** Allowed characters, when the type restricts them. */
  pattern?: RegExp;
  what: string;
}

const CJK = /^\p{Script=Han}+$/u;
export const KEYWORD_RULES: Readonly<Record<string, KeywordRule>> = {
  thing: { max: 20, what: "20 个以内字符" },
  number: { max: 32, pattern: /^-?\d+(\.\d+)?$/, what: "32 位以内数字，可带小数" },
  letter: { max: 32, pattern: /^[A-Za-z]+$/, what: "32 位以内字母" },
  symbol: { max: 5, pattern: /^[^\p{L}\p{N}\s]+$/u, what: "5 位以内符号" },
  character_string: { max: 32, pattern: /^[\x21-\x7e]+$/, what: "32 位以内数字、字母或符号" },
  phone_number: { max: 17, pattern: /^[\d+\-() ]+$/, what: "17 位以内数字、符号" },
  car_number: { max: 8, what: "8 位以内车牌号" },
  phrase: { max: 5, pattern: CJK, what: "5 个以内汉字" },
};

/** `thing12` → `thing`; `character_string3` → `character_string`. */
export const keywordType = (key: string): string => key.replace(/\d+$/, "");

function nameProblem(value: string): string | null {
  // 10 以内纯汉字，或 20 以内纯字母或符号.
  if (CJK.test(value)) return charCount(value) <= 10 ? null : "name 类型最多 10 个汉字";
  return charCount(value) <= 20 && !/\p{Script=Han}/u.test(value) ? null : "name 类型为 10 个以内纯汉字或 20 个以内纯字母或符号";
}

/** Every keyword value the platform would refuse, with the field as WeChat names it. */
export function checkSubscribeData(data: Record<string, { value: string }>): RuleViolation[] {
  const problems: RuleViolation[] = [];
  for (const [key, item] of Object.entries(data)) {
    const field = `data.${key}.value`;
    const value = item?.value;
    if (typeof value !== "string" || value === "") {
      problems.push({ field, message: `argument invalid! ${field} 不能为空` });
      continue;
    }
    const type = keywordType(key);
    if (type === "name") {
      const problem = nameProblem(value);
      if (problem) problems.push({ field, message: `argument invalid! ${field}: ${problem}` });
      continue;
    }
    const rule = KEYWORD_RULES[type];
    if (!rule) continue;
    if (charCount(value) > rule.max || (rule.pattern && !rule.pattern.test(value))) {
      problems.push({ field, message: `argument invalid! ${field}: ${type} 类型为${rule.what}` });
    }
  }
  return problems;
}
