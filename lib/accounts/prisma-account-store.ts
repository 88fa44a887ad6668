import "server-only";
import type { Db } from "../db/client";
import type { AccountKind, AccountRow, AccountStatus, AccountStore, AccountTokenMode } from "./store";

type DbRow = Omit<AccountRow, "kind" | "status" | "tokenMode" | "retiredAt" | "createdAt" | "updatedAt"> & {
  kind: string;
  status: string;
  tokenMode: string;
  retiredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

const toRow = (row: DbRow): AccountRow => ({
  ...row,
  kind: row.kind as AccountKind,
  status: row.status as AccountStatus,
  tokenMode: row.tokenMode as AccountTokenMode,
  retiredAt: row.retiredAt ? row.retiredAt.getTime() : null,
  createdAt: row.createdAt.getTime(),
  updatedAt: row.updatedAt.getTime(),
});

const date = (ms: number | null | undefined): Date | null | undefined => (ms === undefined ? undefined : ms === null ? null : new Date(ms));

/** Accounts in the Account table. The values arrive sealed (registry.ts): nothing here opens them. */
export function createPrismaAccountStore(db: Db): AccountStore {
  return {
    async get(appId) {
      const row = await db.account.findUnique({ where: { appId } });
      return row ? toRow(row) : null;
    },
    async list() {
      const rows = await db.account.findMany({ orderBy: [{ createdAt: "asc" }, { appId: "asc" }] });
      return rows.map(toRow);
    },
    async create(row) {
      try {
        await db.account.create({
          data: { ...row, retiredAt: date(row.retiredAt), createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) },
        });
        return true;
      } catch (error) {
        // P2002: the AppID is taken (two operators adding the same account at once).
        if ((error as { code?: string }).code === "P2002") return false;
        throw error;
      }
    },
    async update(appId, patch, now) {
      const { retiredAt, ...rest } = patch;
      const { count } = await db.account.updateMany({ where: { appId }, data: { ...rest, retiredAt: date(retiredAt), updatedAt: new Date(now) } });
      if (count === 0) return null;
      const row = await db.account.findUnique({ where: { appId } });
      return row ? toRow(row) : null;
    },
    async version(appId) {
      const row = await db.account.findUnique({ where: { appId }, select: { status: true, updatedAt: true } });
      return row ? { status: row.status as AccountStatus, updatedAt: row.updatedAt.getTime() } : null;
    },
  };
}
