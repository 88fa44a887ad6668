/**
 * The two conditional upserts behind the webhook's guarantees, written once for both databases
 * (sqlite-webhook-stores.ts, pg-webhook-stores.ts; the SQL is the same on SQLite and PostgreSQL).
 * Each follows an `INSERT … VALUES/SELECT` of the new row; RETURNING names the keys the
 * statement wrote, which are the callers that now own them.
 */

/**
 * A claim: a new key is inserted (one winner, by the primary key); an existing record is taken
 * over only when it expired, or is `running` and its owner's lease ran out (the owner died).
 * A taken-over record starts clean. `excluded."createdAt"` is the caller's clock reading.
 */
export const CLAIM_ON_CONFLICT = `
  ON CONFLICT ("key") DO UPDATE SET
    "status" = 'running', "reply" = NULL, "lateSentAt" = NULL, "lateError" = NULL,
    "leaseUntil" = excluded."leaseUntil", "expiresAt" = excluded."expiresAt", "createdAt" = excluded."createdAt"
  WHERE "WebhookDelivery"."expiresAt" < excluded."createdAt"
     OR ("WebhookDelivery"."status" = 'running' AND "WebhookDelivery"."leaseUntil" < excluded."createdAt")
  RETURNING "key"`;

/** A bind: a new key is inserted; an existing binding is replaced only once it expired. */
export const BIND_ON_CONFLICT = `
  ON CONFLICT ("key") DO UPDATE SET
    "bodyHash" = excluded."bodyHash", "expiresAt" = excluded."expiresAt", "createdAt" = excluded."createdAt"
  WHERE "WebhookBodyBinding"."expiresAt" < excluded."createdAt"
  RETURNING "key"`;
