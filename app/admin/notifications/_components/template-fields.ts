/**
 * The fill-in form of a private template, read from its `content`
 * ("商品名称:{{thing1.DATA}}\n支付时间:{{time3.DATA}}"), and the live check of
 * what the operator typed against the 2023 template rules (the same check the
 * send route refuses with).
 */
import { checkTemplateRules, type TemplateData } from "@wxmp/wechat/api/template-rules";

export interface TemplateField {
  /** The keyword as WeChat names it in `data`, e.g. "thing1". */
  key: string;
  /** The text before the placeholder on its line ("商品名称"), or the key. */
  label: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\.DATA\s*\}\}/g;

/** The template's keywords in order, each once. */
export function templateFields(content: string): TemplateField[] {
  const fields: TemplateField[] = [];
  for (const line of content.split(/\r?\n/)) {
    let last = 0;
    for (const m of line.matchAll(PLACEHOLDER)) {
      const key = m[1] as string;
      const label = line.slice(last, m.index).replace(/[:：\s]+$/, "").trim();
      last = (m.index ?? 0) + m[0].length;
      if (!fields.some((f) => f.key === key)) fields.push({ key, label: label || key });
    }
  }
  return fields;
}

/** `data` for template/send from the form's values. */
export function templateData(fields: TemplateField[], values: Record<string, string>): TemplateData {
  return Object.fromEntries(fields.map((f) => [f.key, { value: values[f.key] ?? "" }]));
}

/** Per keyword, the first problem with its value (empty, or a broken rule); absent when fine. */
export function fieldProblems(fields: TemplateField[], values: Record<string, string>): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const f of fields) if ((values[f.key] ?? "").trim() === "") problems[f.key] = "请填写内容";
  for (const v of checkTemplateRules(templateData(fields, values))) {
    const key = /^data\.([^.]+)/.exec(v.field)?.[1];
    if (key && !problems[key]) problems[key] = v.message;
  }
  return problems;
}
