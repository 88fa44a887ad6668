import type { DedupStore } from "@wxmp/wechat/webhook/dedup";

/** The prefix an account's dedup keys carry: its AppID and a separator no WeChat field contains. */
export const accountKeyPrefix = (appId: string): string => `${appId}#`;

/**
 * One account's view of the shared dedup store (several accounts in one deployment): every key
 * is prefixed with the account's AppID, so account B's push with the same MsgId and openid as
 * account A's is a new push, not a retry of A's. The WebhookDelivery row's key then names its
 * account (`wx…#msg|openid|msgid`); the env's account keeps unprefixed keys (unchanged rows).
 */
export function accountDedupStore(store: DedupStore, appId: string): DedupStore {
  const prefix = accountKeyPrefix(appId);
  return {
    claim: (key, now, leaseMs, ttlMs) => store.claim(prefix + key, now, leaseMs, ttlMs),
    get: (key) => store.get(prefix + key),
    complete: (key, reply) => store.complete(prefix + key, reply),
    defer: (key) => store.defer(prefix + key),
    recordLate: (key, outcome) => store.recordLate(prefix + key, outcome),
    purgeExpired: (now) => store.purgeExpired(now),
  };
}
