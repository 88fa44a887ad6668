/** The admin console's template-send request, checked before anything is sent (no server dependencies, so it is unit-tested directly). */
import { checkTemplateRules, type RuleViolation } from "@wxmp/wechat/api/template-rules";
import type { TemplateMessage } from "@wxmp/wechat/api/templates";

/** The admin console's send request (app contract: `{ templateId, touser, data, url? }`). */
export type ConsoleTemplateSend = { templateId: string; touser: string; data: TemplateMessage["data"]; url?: string };

/** Reads and checks a console send request: the first problem names its field (shape first, then the 2023 rules). */
export function parseConsoleTemplateSend(body: unknown): { ok: true; value: ConsoleTemplateSend } | ({ ok: false } & RuleViolation) {
  const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const problem = (field: string, message: string) => ({ ok: false as const, field, message });
  if (typeof b.templateId !== "string" || !/^[A-Za-z0-9_-]{1,128}$/.test(b.templateId)) return problem("templateId", "templateId 无效");
  if (typeof b.touser !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(b.touser)) return problem("touser", "touser 不是有效的 openid");
  if (b.url !== undefined && (typeof b.url !== "string" || !/^https?:\/\/\S+$/i.test(b.url))) return problem("url", "url 必须是 http 或 https 链接");
  const data = b.data;
  if (!data || typeof data !== "object" || Array.isArray(data) || Object.keys(data).length === 0) return problem("data", "data 不能为空");
  for (const [key, item] of Object.entries(data as Record<string, unknown>)) {
    if (!item || typeof item !== "object" || typeof (item as { value?: unknown }).value !== "string") return problem(`data.${key}.value`, `data.${key}.value 必须是字符串`);
  }
  const value: ConsoleTemplateSend = { templateId: b.templateId, touser: b.touser, data: data as TemplateMessage["data"], ...(b.url === undefined ? {} : { url: b.url as string }) };
  const [rule] = checkTemplateRules(value.data);
  return rule ? { ok: false, ...rule } : { ok: true, value };
}
