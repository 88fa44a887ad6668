import "server-only";
import type { Db } from "../db/client";
import { beijingDay, type CredentialKind, type CredentialStore, type StoredCredential } from "@wxmp/wechat/token/store";
import { isUniqueViolation } from "../db/prisma-errors";

const toMs = (date: Date | null): number | null => (date === null ? null : date.getTime());

type CredentialRow = {
  value: string | null;
  expiresAt: Date | null;
  refreshedAt: Date | null;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  refreshCount: number;
  refreshDay: string | null;
  totalRefreshCount: number;
  lastError: string | null;
  lastErrorAt: Date | null;
};

function toStoredCredential(row: CredentialRow): StoredCredential {
  return {
    value: row.value,
    expiresAt: toMs(row.expiresAt),
    refreshedAt: toMs(row.refreshedAt),
    leaseOwner: row.leaseOwner,
    leaseUntil: toMs(row.leaseUntil),
    refreshCount: row.refreshCount,
    refreshDay: row.refreshDay,
    totalRefreshCount: row.totalRefreshCount,
    lastError: row.lastError,
    lastErrorAt: toMs(row.lastErrorAt),
  };
}

/** The first caller creates the row holding the lease; later ones take it only once it is free or lapsed. */
async function acquireLease(db: Db, appId: string, kind: CredentialKind, owner: string, now: number, leaseMs: number): Promise<boolean> {
  try {
    await db.credential.create({ data: { appId, kind, leaseOwner: owner, leaseUntil: new Date(now + leaseMs) } });
    return true;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const { count } = await db.credential.updateMany({
    where: { appId, kind, OR: [{ leaseOwner: null }, { leaseUntil: null }, { leaseUntil: { lt: new Date(now) } }] },
    data: { leaseOwner: owner, leaseUntil: new Date(now + leaseMs) },
  });
  return count === 1;
}

/**
 * The 中控 table on Prisma. Every state change that must be exclusive is a single
 * conditional UPDATE (`updateMany` with the condition in WHERE), which SQLite and
 * PostgreSQL both evaluate atomically — so exactly one process wins a lease.
 */
export function createPrismaCredentialStore(db: Db): CredentialStore {
  const id = (appId: string, kind: CredentialKind) => ({ appId_kind: { appId, kind } });

  return {
    async get(appId, kind): Promise<StoredCredential | null> {
      const row = await db.credential.findUnique({ where: id(appId, kind) });
      return row && toStoredCredential(row);
    },

    acquireLease: (appId, kind, owner, now, leaseMs) => acquireLease(db, appId, kind, owner, now, leaseMs),

    async saveRefreshed(appId, kind, owner, value, expiresAt, now): Promise<boolean> {
      const row = await db.credential.findUnique({ where: id(appId, kind), select: { refreshDay: true } });
      if (!row) return false;
      const today = beijingDay(now);
      const { count } = await db.credential.updateMany({
        where: { appId, kind, leaseOwner: owner },
        data: {
          value,
          expiresAt: new Date(expiresAt),
          refreshedAt: new Date(now),
          leaseOwner: null,
          leaseUntil: null,
          refreshDay: today,
          refreshCount: row.refreshDay === today ? { increment: 1 } : 1,
          totalRefreshCount: { increment: 1 },
        },
      });
      return count === 1;
    },

    async saveFailure(appId, kind, owner, error, now): Promise<void> {
      const failure = { lastError: error.slice(0, 500), lastErrorAt: new Date(now) };
      const { count } = await db.credential.updateMany({
        where: { appId, kind, leaseOwner: owner },
        data: { ...failure, leaseOwner: null, leaseUntil: null },
      });
      if (count === 0) {
        await db.credential.upsert({ where: id(appId, kind), create: { appId, kind, ...failure }, update: failure });
      }
    },

    async releaseLease(appId, kind, owner): Promise<void> {
      await db.credential.updateMany({ where: { appId, kind, leaseOwner: owner }, data: { leaseOwner: null, leaseUntil: null } });
    },

    async invalidate(appId, kind, value): Promise<boolean> {
      const { count } = await db.credential.updateMany({
        where: { appId, kind, value, NOT: { expiresAt: new Date(0) } },
        data: { expiresAt: new Date(0) },
      });
      return count === 1;
    },

    async forget(appId, kinds): Promise<void> {
      await db.credential.deleteMany({ where: { appId, kind: { in: [...kinds] } } });
    },
  };
}
