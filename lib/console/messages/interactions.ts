/**
 * What the app remembers of each follower's customer-service window: their last interaction
 * (from the webhook's pushes) and the messages sent since. The store is bound to one account.
 */
import type { FollowerInteraction, InteractionKind } from "./window";

export interface InteractionStore {
  /** Each follower's latest interaction; an older one than the stored one changes nothing. */
  recordInteractions(batch: ReadonlyArray<{ openid: string; at: number; kind: InteractionKind }>): Promise<void>;
  /** One more customer-service message sent to `openid` (within their current window). */
  countSent(openid: string): Promise<void>;
  get(openid: string): Promise<FollowerInteraction | null>;
}

/** The latest interaction per follower of a batch (a batch may hold several of one follower). */
export function latestPerFollower<T extends { openid: string; at: number }>(batch: ReadonlyArray<T>): T[] {
  const latest = new Map<string, T>();
  for (const item of batch) {
    const seen = latest.get(item.openid);
    if (!seen || item.at >= seen.at) latest.set(item.openid, item);
  }
  return [...latest.values()];
}

export function createMemoryInteractionStore(): InteractionStore {
  const rows = new Map<string, FollowerInteraction>();
  return {
    async recordInteractions(batch) {
      for (const { openid, at, kind } of latestPerFollower(batch)) {
        const row = rows.get(openid);
        if (row && row.at >= at) continue;
        rows.set(openid, { openid, at, kind, sent: 0 });
      }
    },
    async countSent(openid) {
      const row = rows.get(openid);
      if (row) row.sent++;
    },
    async get(openid) {
      const row = rows.get(openid);
      return row ? { ...row } : null;
    },
  };
}
