/**
 * The delivery status of template messages sent from the admin console.
 *
 * The send route records each send (msgid, template, touser); WeChat later pushes
 * TEMPLATESENDJOBFINISH with the same MsgID, which the webhook records here in its
 * exactly-once path (the message handler runs once per push under the dedup claim).
 * The push can overtake the send's own write, so both writes are upserts on msgid.
 * No framework or database imports: the store and the clock are injected.
 */
import type { TemplateSendJobFinishEvent } from "@wxmp/wechat/message";

export type TemplateOutcome = "success" | "user_block" | "system_failed" | "other";

export interface TemplateSendRecord {
  msgid: string;
  templateId: string | null;
  touser: string;
  /** Epoch ms; null when only the job-finished push is known. */
  sentAt: number | null;
  /** WeChat's text ("success", "failed:user block", …); null until the push arrives. */
  status: string | null;
  outcome: TemplateOutcome | null;
  finishedAt: number | null;
}

export interface TemplateSendStore {
  /** Records (or completes) the send side of a msgid. */
  recordSend(send: { msgid: string; templateId: string; touser: string; sentAt: number }): Promise<void>;
  /** Records (or completes) the job-finished side of a msgid. */
  recordFinish(finish: { msgid: string; touser: string; status: string; outcome: TemplateOutcome; finishedAt: number }): Promise<void>;
  get(msgid: string): Promise<TemplateSendRecord | null>;
}

/** WeChat's msgids are decimal numbers; anything else is not worth a lookup. */
export const isMsgId = (value: unknown): value is string => typeof value === "string" && /^\d{1,32}$/.test(value);

/**
 * Records a template job's outcome (TEMPLATESENDJOBFINISH), finished when its push arrived.
 * Resolves to true when it got recorded (false: a MsgID that is no msgid).
 */
export async function recordTemplateJob(store: TemplateSendStore, msg: TemplateSendJobFinishEvent, receivedAt: number): Promise<boolean> {
  if (!isMsgId(msg.msgId)) return false;
  await store.recordFinish({ msgid: msg.msgId, touser: msg.fromUserName, status: msg.status, outcome: msg.outcome, finishedAt: receivedAt });
  return true;
}

/** The same behaviour in memory (tests, and the contract the Prisma store must meet). */
export function createMemoryTemplateSendStore(): TemplateSendStore {
  const rows = new Map<string, TemplateSendRecord>();
  const blank = (msgid: string, touser: string): TemplateSendRecord => ({
    msgid, templateId: null, touser, sentAt: null, status: null, outcome: null, finishedAt: null,
  });
  return {
    async recordSend({ msgid, templateId, touser, sentAt }) {
      rows.set(msgid, { ...(rows.get(msgid) ?? blank(msgid, touser)), templateId, touser, sentAt });
    },
    async recordFinish({ msgid, touser, status, outcome, finishedAt }) {
      rows.set(msgid, { ...(rows.get(msgid) ?? blank(msgid, touser)), status, outcome, finishedAt });
    },
    async get(msgid) {
      const row = rows.get(msgid);
      return row ? { ...row } : null;
    },
  };
}
