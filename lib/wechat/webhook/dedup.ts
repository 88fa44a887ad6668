/**
 * Exactly-once handling of WeChat's retried pushes, independent of storage.
 *
 * WeChat retries a push it got no answer to within 5 s (3 tries in all). The
 * first delivery claims the push's key and runs the handler; a retry that
 * arrives meanwhile waits for the stored answer instead of running it again.
 * A lease lets a retry take over when the owner died (its record stays
 * `running` past `leaseUntil`).
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */

export type DedupStatus = "running" | "deferred" | "done";

export type DedupRecord = {
  key: string;
  status: DedupStatus;
  /** Plaintext reply XML; `null` means the answer is `success`. Only meaningful when `done`. */
  reply: string | null;
  /** Epoch ms until which the owner is presumed alive. */
  leaseUntil: number;
  /** Epoch ms after which the record may be purged and the key claimed afresh. */
  expiresAt: number;
  /** What became of a deferred reply sent later by customer-service message, once known. */
  late?: LateOutcome;
};

/** The audit trail of a late reply: sent at (epoch ms), or why it could not be. */
export type LateOutcome = { sentAt: number } | { error: string };

export interface DedupStore {
  /**
   * Atomically create the record if absent (or expired) OR take over one whose status is
   * 'running' and leaseUntil < now. Returns true if this caller now owns it. Must be atomic
   * across processes (the Prisma implementation does a conditional insert/update).
   */
  claim(key: string, now: number, leaseMs: number, ttlMs: number): Promise<boolean>;
  get(key: string): Promise<DedupRecord | null>;
  /** Owner finished in time: status done + reply. */
  complete(key: string, reply: string | null): Promise<void>;
  /** Owner answered `success` at the deadline and will deliver the reply later via customer service. */
  defer(key: string): Promise<void>;
  /** Records what became of a deferred push's late reply (never resent: this is an audit trail). */
  recordLate(key: string, outcome: LateOutcome): Promise<void>;
  /** Remove records whose expiresAt < now; bounded storage. Returns how many were removed. */
  purgeExpired(now: number): Promise<number>;
}

/**
 * A single-process store for development, tests and single-instance deployments.
 * Every method runs without an `await` before its write, so claims are atomic
 * within the process.
 */
export function createMemoryDedupStore(): DedupStore {
  const records = new Map<string, DedupRecord>();
  const update = (key: string, patch: Partial<DedupRecord>): void => {
    const record = records.get(key);
    // A record purged (or taken over and purged) meanwhile is not resurrected.
    if (record) records.set(key, { ...record, ...patch });
  };

  return {
    async claim(key, now, leaseMs, ttlMs) {
      const existing = records.get(key);
      const free =
        existing === undefined ||
        existing.expiresAt < now ||
        (existing.status === "running" && existing.leaseUntil < now);
      if (!free) return false;
      records.set(key, { key, status: "running", reply: null, leaseUntil: now + leaseMs, expiresAt: now + ttlMs });
      return true;
    },
    async get(key) {
      const record = records.get(key);
      return record ? { ...record } : null;
    },
    async complete(key, reply) {
      update(key, { status: "done", reply });
    },
    async defer(key) {
      update(key, { status: "deferred", reply: null });
    },
    async recordLate(key, late) {
      update(key, { late });
    },
    async purgeExpired(now) {
      let removed = 0;
      for (const [key, record] of records) {
        if (record.expiresAt < now) {
          records.delete(key);
          removed += 1;
        }
      }
      return removed;
    },
  };
}

export type ClaimOutcome =
  | { kind: "owner" }
  | { kind: "done"; reply: string | null }
  | { kind: "deferred" }
  | { kind: "timeout" };

/**
 * Claims `key`, or — when another delivery owns it — polls until that owner has
 * settled (done/deferred) or `deadline` resolves. Takes the key over when the
 * owner's lease runs out meanwhile (the owner died). Store errors propagate:
 * the caller decides how to degrade.
 */
export async function claimOrWait(
  store: DedupStore,
  key: string,
  options: {
    now: () => number;
    leaseMs: number;
    ttlMs: number;
    pollMs: number;
    sleep: (ms: number) => Promise<void>;
    deadline: Promise<unknown>;
  },
): Promise<ClaimOutcome> {
  const { now, leaseMs, ttlMs } = options;
  if (await store.claim(key, now(), leaseMs, ttlMs)) return { kind: "owner" };
  const expired = options.deadline.then(() => true);
  for (;;) {
    const record = await store.get(key);
    if (record?.status === "done") return { kind: "done", reply: record.reply };
    if (record?.status === "deferred") return { kind: "deferred" };
    const abandoned = !record || record.leaseUntil < now();
    if (abandoned && (await store.claim(key, now(), leaseMs, ttlMs))) return { kind: "owner" };
    if (await Promise.race([options.sleep(options.pollMs).then(() => false), expired])) return { kind: "timeout" };
  }
}
