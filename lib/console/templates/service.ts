/**
 * The notifications screen's server side: the account's private templates, a send from the
 * console (strict: a broken 2023 rule is refused, the operator fixes it), and a send's
 * TEMPLATESENDJOBFINISH status. Framework-free: the WeChat client, the store, the clock and
 * the logger are injected (lib/wiring builds them).
 */
import { describeError } from "../../logger";
import type { WeChatApiCaller } from "@wxmp/wechat/api-client";
import { listPrivateTemplates, sendTemplateMessage, type PrivateTemplate, type TemplateMessage } from "@wxmp/wechat/api/templates";
import type { Logger } from "@wxmp/wechat/types";
import type { ConsoleTemplateSend } from "./send-input";
import type { TemplateSendRecord, TemplateSendStore } from "./status";

export interface TemplateService {
  /** The private templates, as WeChat lists them. */
  list(): Promise<{ template_list: PrivateTemplate[] }>;
  /** Sends, then remembers the send so its job-finished push can be shown. */
  send(input: ConsoleTemplateSend): Promise<{ msgid: string }>;
  /** A console send and its status, or null when the msgid is unknown. */
  getSend(msgid: string): Promise<TemplateSendRecord | null>;
}

export function createTemplateService(deps: { client: WeChatApiCaller; store: TemplateSendStore; logger: Logger; now: () => number }): TemplateService {
  const { client, store, logger } = deps;
  return {
    list: async () => ({ template_list: await listPrivateTemplates(client) }),
    async send(input) {
      const message: TemplateMessage = { touser: input.touser, template_id: input.templateId, data: input.data, ...(input.url ? { url: input.url } : {}) };
      const { msgId } = await sendTemplateMessage(client, message, { strict: true });
      // Kept so the console can show the status that arrives later; failures are logged, not thrown (the message is out).
      if (msgId) {
        await store.recordSend({ msgid: msgId, templateId: input.templateId, touser: input.touser, sentAt: deps.now() }).catch((error: unknown) => {
          logger.warn("template send not recorded", { msgId, ...describeError(error) });
        });
      }
      return { msgid: msgId };
    },
    getSend: (msgid) => store.get(msgid),
  };
}
