/**
 * The webhook's side of the template status: TEMPLATESENDJOBFINISH recorded by msgid, as a
 * recorder in the webhook's chain (lib/wiring/webhook.ts puts it there), so it runs once per
 * push under the dedup claim. Never throws: a database hiccup must not cost the follower
 * their reply.
 */
import { describeError } from "../../logger";
import type { Logger } from "@wxmp/wechat/types";
import { recorder, type MessageMiddleware } from "@wxmp/wechat/webhook/middleware";
import { recordTemplateJob, type TemplateSendStore } from "./status";

export function templateJobRecorder(deps: { store: TemplateSendStore; logger: Logger }): MessageMiddleware {
  return recorder(["TEMPLATESENDJOBFINISH"], async (msg, ctx) => {
    try {
      await recordTemplateJob(deps.store, msg, ctx.receivedAt);
    } catch (error) {
      deps.logger.warn("template job status not recorded", { msgId: msg.msgId, ...describeError(error) });
    }
  });
}
