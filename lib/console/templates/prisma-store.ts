import "server-only";
import type { Db } from "../../db/client";
import type { TemplateOutcome, TemplateSendRecord, TemplateSendStore } from "./status";
import { isUniqueViolation } from "../../db/prisma-errors";

const toMs = (date: Date | null): number | null => (date === null ? null : date.getTime());
const OUTCOMES = new Set<string>(["success", "user_block", "system_failed", "other"]);

/**
 * An upsert that loses an insert race (the send route and the webhook writing the same
 * msgid at once) fails with P2002; the second attempt then takes the update path.
 */
async function upsertOnce(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await run();
  }
}

/** Console template sends and their job-finished status, one row per msgid. */
export function createPrismaTemplateSendStore(db: Db): TemplateSendStore {
  return {
    recordSend: ({ msgid, templateId, touser, sentAt }) =>
      upsertOnce(() =>
        db.templateSend.upsert({
          where: { msgid },
          create: { msgid, templateId, touser, sentAt: new Date(sentAt) },
          update: { templateId, touser, sentAt: new Date(sentAt) },
        }),
      ),

    recordFinish: ({ msgid, touser, status, outcome, finishedAt }) =>
      upsertOnce(() =>
        db.templateSend.upsert({
          where: { msgid },
          create: { msgid, touser, status, outcome, finishedAt: new Date(finishedAt) },
          update: { status, outcome, finishedAt: new Date(finishedAt) },
        }),
      ),

    async get(msgid): Promise<TemplateSendRecord | null> {
      const row = await db.templateSend.findUnique({ where: { msgid } });
      if (!row) return null;
      return {
        msgid: row.msgid,
        templateId: row.templateId,
        touser: row.touser,
        sentAt: toMs(row.sentAt),
        status: row.status,
        outcome: row.outcome !== null && OUTCOMES.has(row.outcome) ? (row.outcome as TemplateOutcome) : null,
        finishedAt: toMs(row.finishedAt),
      };
    },
  };
}
