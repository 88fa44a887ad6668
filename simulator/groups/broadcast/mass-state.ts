/**
 * Mass sending's state: sent jobs, clientmsgids of the last 24 hours, the
 * per-day quota and the speed level.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import { defineState } from "../../core/account";

export interface SimMassJob {
  msgId: string;
  msgDataId?: string;
  msgtype: string;
  /** Openids the message went to (followers only). */
  recipients: string[];
  total: number;
  status: "SENDING" | "SEND_SUCCESS" | "SEND_FAIL" | "DELETE";
  /** Article count, for mpnews (delete's article_idx). */
  articles: number;
  at: number;
}

/** realspeed per level (messages per minute): 0 → 80w … 4 → 10w. */
export const SPEEDS = [800_000, 600_000, 450_000, 300_000, 100_000];

const DAY_MS = 24 * 3600_000;

export class MassState {
  readonly jobs = new Map<string, SimMassJob>();
  /** clientmsgid → { msgId, at }. */
  readonly clientIds = new Map<string, { msgId: string; at: number }>();
  /** Sends (sendall + send) per Beijing day, for 45028. */
  readonly sendsByDay = new Map<string, number>();
  /**
   * Sends allowed per Beijing day. The platform's rules are per account type
   * (subscription: 1 a day; service: followers get at most 4 a month); the
   * simulator counts calls per day, 100 by default, changeable by tests.
   */
  dailyQuota = 100;
  speed = 0;
  /** How long a send takes before MASSSENDJOBFINISH (ms). */
  finishDelayMs = 50;
  readonly pending = new Set<Promise<void>>();
  /** Preview messages, for tests and the UI. */
  readonly previews: { to: string; msgtype: string; body: Record<string, unknown> }[] = [];
  private seq = 0;

  newMsgId(): string {
    this.seq += 1;
    return String(1_000_000_000 + this.seq);
  }

  /** The earlier send with this clientmsgid within 24 hours, if any. */
  recentClientId(id: string, now: number): string | undefined {
    const seen = this.clientIds.get(id);
    return seen && now - seen.at < DAY_MS ? seen.msgId : undefined;
  }

  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}

export const massState = defineState("mass", () => new MassState());
