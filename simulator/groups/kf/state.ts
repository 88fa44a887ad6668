/**
 * Customer service (客服) in the simulator: the kf accounts, who serves whom,
 * the typing indicator and the per-user message quota, per Official Account.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Customer_Service_Management.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Session_control.html
 */
import { defineState, type Account } from "../../core/account";
import type { SimulatorState } from "../../core/state";
import type { SimUser } from "../../core/users";
import type { XmlFields } from "../../protocol/xml";
import { eventXml } from "../../push/messages";
import { pushMessage } from "../../push/pusher";

export const KF_ACCOUNT_LIMIT = 100;

export interface SimKfAccount {
  kf_account: string;
  kf_nick: string;
  kf_id: string;
  kf_headimgurl: string;
  /** The WeChat user who accepted the invitation; unbound accounts cannot serve (65402). */
  kf_wx?: string;
  online: boolean;
  headimg?: Buffer;
}

export interface SimKfSession {
  kfAccount: string;
  /** Seconds. */
  createtime: number;
}

/** What one interaction lets the account send (the rules since 2023-06-12, see docs/api-kf.md). */
interface Grant {
  since: number;
  limit: number;
  expiresAt: number;
  sent: number;
}

/** A user message: 5 messages within 48 hours. */
const MESSAGE_GRANT = { limit: 5, ms: 48 * 3600_000 };
/** A menu click, a follow or a QR scan: 3 messages within 1 minute. */
const EVENT_GRANT = { limit: 3, ms: 60_000 };
/** Typing needs a user message within the last 30 s and lasts 15 s. */
export const TYPING_WINDOW_MS = 30_000;
export const TYPING_MS = 15_000;

export class KfState {
  readonly accounts = new Map<string, SimKfAccount>();
  /** openid → the session serving that user. */
  readonly sessions = new Map<string, SimKfSession>();
  /** openid → latest message time (s), for users queued with kfsession waiting. */
  readonly waiting = new Map<string, number>();
  /** openid → when a session last took the user (ms): earlier transfers no longer queue them. */
  readonly servedAt = new Map<string, number>();
  /** openid → typing until (ms). */
  readonly typing = new Map<string, number>();
  readonly grants = new Map<string, Grant>();
  /** Conversation entries of the kf events this store pushed: not user interactions. */
  readonly ownEntries = new Set<number>();
  private nextKfId = 1001;

  newKfId(): string {
    return String(this.nextKfId++);
  }

  sessionsOf(kfAccount: string): Array<{ openid: string; createtime: number }> {
    return [...this.sessions].filter(([, s]) => s.kfAccount === kfAccount).map(([openid, s]) => ({ openid, createtime: s.createtime }));
  }
}

export const kfState = defineState("kf", () => new KfState());

/**
 * Users waiting for an account: those the app handed over with a
 * transfer_customer_service reply, and not in a session since.
 */
export function waitingUsers(state: SimulatorState, account: Account): Array<{ openid: string; latest_time: number }> {
  const store = account.state(kfState);
  const waiting = new Map(store.waiting);
  for (const push of state.pushes) {
    if (push.reply?.kind !== "transfer_customer_service") continue;
    if (push.at > (store.servedAt.get(push.openid) ?? -1)) waiting.set(push.openid, Math.floor(push.at / 1000));
  }
  for (const openid of store.sessions.keys()) waiting.delete(openid);
  return [...waiting].map(([openid, latest_time]) => ({ openid, latest_time })).sort((a, b) => a.latest_time - b.latest_time);
}

/** The interaction that opened the current window: an event (menu, follow, scan) or a message. */
function newGrant(state: SimulatorState, account: Account, user: SimUser, since: number): Grant {
  const own = account.state(kfState).ownEntries;
  const entry = state.conversation.findLast((e) => e.openid === user.openid && e.role === "user" && e.at >= since && !own.has(e.id));
  const rule = entry?.kind === "event" ? EVENT_GRANT : MESSAGE_GRANT;
  return { since, limit: rule.limit, expiresAt: since + rule.ms, sent: 0 };
}

/**
 * Counts one customer-service message against the user's quota: 45015 when the
 * grant has expired, 45047 when it is used up, null when the message may go.
 */
export function takeCustomQuota(state: SimulatorState, account: Account, user: SimUser): number | null {
  const since = user.lastInboundAt;
  if (since === undefined) return 45015;
  const store = account.state(kfState);
  let grant = store.grants.get(user.openid);
  if (!grant || grant.since !== since) {
    grant = newGrant(state, account, user, since);
    store.grants.set(user.openid, grant);
  }
  if (account.now() > grant.expiresAt) return 45015;
  if (grant.sent >= grant.limit) return 45047;
  grant.sent++;
  return null;
}

/**
 * Pushes a kf event to the app as WeChat does, without waiting for it: the
 * push is no interaction of the user's, so their window stays as it was.
 */
export function pushKfEvent(state: SimulatorState, account: Account, openid: string, event: string, fields: XmlFields): void {
  const xml = eventXml(account.originalId, openid, Math.floor(account.now() / 1000), event, fields);
  const user = account.users.get(openid);
  const before = user?.lastInboundAt;
  // pushMessage applies its side effects synchronously, before its first await.
  const done = pushMessage(state, { xml, openid }, account);
  if (user) user.lastInboundAt = before;
  const entry = state.conversation.at(-1);
  if (entry?.openid === openid) account.state(kfState).ownEntries.add(entry.id);
  done.catch(() => undefined);
}
