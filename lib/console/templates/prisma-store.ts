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

/**
 * One account's template sends and their job-finished status, one row per (AppID, msgid):
 * WeChat's MsgID is unique per account only, so account B's TEMPLATESENDJOBFINISH never
 * touches A's row. Rows are written under `appId`; `legacyAppIds` are also read and finished
 * in place (the environment's account passes "", the AppID of rows from before the column).
 */
export function createPrismaTemplateSendStore(db: Db, appId: string, legacyAppIds: readonly string[] = []): TemplateSendStore {
  const scope = { appId: { in: [appId, ...legacyAppIds] } };
  /** The row's key: the account's own row if there is one, else a legacy row of the same msgid. */
  async function keyOf(msgid: string): Promise<{ appId: string; msgid: string }> {
    if (legacyAppIds.length > 0) {
      const rows = await db.templateSend.findMany({ where: { msgid, ...scope }, select: { appId: true } });
      if (!rows.some((r) => r.appId === appId) && rows.length > 0) return { appId: rows[0]!.appId, msgid };
    }
    return { appId, msgid };
  }
  return {
    recordSend: ({ msgid, templateId, touser, sentAt }) =>
      upsertOnce(() =>
        db.templateSend.upsert({
          where: { appId_msgid: { appId, msgid } },
          create: { appId, msgid, templateId, touser, sentAt: new Date(sentAt) },
          update: { templateId, touser, sentAt: new Date(sentAt) },
        }),
      ),

    recordFinish: ({ msgid, touser, status, outcome, finishedAt }) =>
      upsertOnce(async () => {
        const key = await keyOf(msgid);
        return db.templateSend.upsert({
          where: { appId_msgid: key },
          create: { ...key, touser, status, outcome, finishedAt: new Date(finishedAt) },
          update: { status, outcome, finishedAt: new Date(finishedAt) },
        });
      }),

    async get(msgid): Promise<TemplateSendRecord | null> {
      const row = await db.templateSend.findUnique({ where: { appId_msgid: await keyOf(msgid) } });
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
