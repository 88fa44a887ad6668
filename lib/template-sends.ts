import "server-only";
import { getDb } from "./db";
import { describeError, logger } from "./logger";
import { recordTemplateJob, type TemplateSendRecord, type TemplateSendStore } from "./console/template-status";
import { createPrismaTemplateSendStore } from "./stores/prisma-template-send-store";
import type { TemplateSendJobFinishEvent } from "./wechat/message";
import type { MessageContext } from "./wechat/webhook/types";

let store: Promise<TemplateSendStore> | undefined;

function templateSendStore(): Promise<TemplateSendStore> {
  store ??= getDb()
    .then(createPrismaTemplateSendStore)
    .catch((error: unknown) => {
      store = undefined; // the database may come back: try again next time
      throw error;
    });
  return store;
}

/**
 * Records a template job's outcome (TEMPLATESENDJOBFINISH) for the console. A recorder in the
 * webhook's chain, which runs once per push under the dedup claim. Never throws: a database
 * hiccup must not cost the follower their reply.
 */
export async function recordTemplateJobStatus(msg: TemplateSendJobFinishEvent, ctx: MessageContext): Promise<void> {
  try {
    await recordTemplateJob(await templateSendStore(), msg, ctx.receivedAt);
  } catch (error) {
    logger.warn("template job status not recorded", { msgId: msg.msgId, ...describeError(error) });
  }
}

/** Remembers a console send so its job-finished push can be shown; failures are logged, not thrown (the message is out). */
export async function recordTemplateSend(send: { msgid: string; templateId: string; touser: string }): Promise<void> {
  try {
    await (await templateSendStore()).recordSend({ ...send, sentAt: Date.now() });
  } catch (error) {
    logger.warn("template send not recorded", { msgId: send.msgid, ...describeError(error) });
  }
}

/** A console send and its status, or null when the msgid is unknown. */
export async function getTemplateSend(msgid: string): Promise<TemplateSendRecord | null> {
  return (await templateSendStore()).get(msgid);
}
