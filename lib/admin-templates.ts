import "server-only";
export { parseConsoleTemplateSend, type ConsoleTemplateSend } from "./console/templates/send-input";
import { logger } from "./logger";
import { recordTemplateSend } from "./console/templates/recorder";
import { getWeChatClient } from "./wiring/wechat";
import type { ConsoleTemplateSend } from "./console/templates/send-input";
import { listPrivateTemplates, sendTemplateMessage, type PrivateTemplate, type TemplateMessage } from "./wechat/api/templates";

/** The private templates, as WeChat lists them. */
export async function listTemplates(): Promise<{ template_list: PrivateTemplate[] }> {
  return { template_list: await listPrivateTemplates(await getWeChatClient()) };
}

/**
 * Sends from the console: strict (a broken 2023 rule is refused, the operator fixes it).
 * Code elsewhere in the app would call sendTemplateMessage with `warn: templateRuleWarn`.
 */
export async function sendConsoleTemplate(input: ConsoleTemplateSend): Promise<{ msgid: string }> {
  const message: TemplateMessage = { touser: input.touser, template_id: input.templateId, data: input.data, ...(input.url ? { url: input.url } : {}) };
  const { msgId } = await sendTemplateMessage(await getWeChatClient(), message, { strict: true });
  // Kept so the console can show the TEMPLATESENDJOBFINISH status that arrives later.
  if (msgId) await recordTemplateSend({ msgid: msgId, templateId: input.templateId, touser: input.touser });
  return { msgid: msgId };
}

/** The rules' warnings in development; production stays quiet (the platform delivers such messages anyway). */
export const templateRuleWarn = (message: string, detail: { field: string }): void => {
  if (process.env.NODE_ENV !== "production") logger.warn(message, detail);
};
