import "server-only";
import type { Db } from "../../db/client";
import type { QrChannelStore, QrCodeRecord, QrScanTotals } from "./channels";

type Row = { id: string; scene: string; permanent: boolean; ticket: string; url: string; name: string | null; note: string | null; expiresAt: Date | null; createdAt: Date };

const toRecord = (row: Row): QrCodeRecord => ({
  id: row.id,
  scene: row.scene,
  permanent: row.permanent,
  ticket: row.ticket,
  url: row.url,
  name: row.name,
  note: row.note,
  expiresAt: row.expiresAt ? row.expiresAt.getTime() : null,
  createdAt: row.createdAt.getTime(),
});

/**
 * QR codes and their scans in the QrCode / QrScan tables, for one Official Account.
 * A scan is one INSERT … ON CONFLICT DO NOTHING on the push's dedup key (same SQL on
 * SQLite and PostgreSQL): of any number of deliveries of one push, across processes,
 * exactly one row lands.
 */
export function createPrismaQrStore(db: Db, appId: string): QrChannelStore {
  return {
    async insertCode(code) {
      await db.qrCode.create({
        data: { ...code, appId, expiresAt: code.expiresAt === null ? null : new Date(code.expiresAt), createdAt: new Date(code.createdAt) },
      });
    },
    async findById(id) {
      const row = await db.qrCode.findFirst({ where: { id, appId } });
      return row ? toRecord(row) : null;
    },
    async findByTicket(ticket) {
      const row = await db.qrCode.findFirst({ where: { ticket, appId } });
      return row ? toRecord(row) : null;
    },
    async findLatestByScene(scene) {
      const row = await db.qrCode.findFirst({ where: { scene, appId }, orderBy: { createdAt: "desc" } });
      return row ? toRecord(row) : null;
    },
    async updateLabel(id, label) {
      const data = { ...(label.name !== undefined ? { name: label.name } : {}), ...(label.note !== undefined ? { note: label.note } : {}) };
      // updateMany: the appId is part of the match, so another account's id updates nothing.
      const { count } = await db.qrCode.updateMany({ where: { id, appId }, data });
      if (count === 0) return null;
      const row = await db.qrCode.findFirst({ where: { id, appId } });
      return row ? toRecord(row) : null;
    },
    async addScan(scan) {
      const inserted = await db.$executeRaw`
        INSERT INTO "QrScan" ("key", "qrCodeId", "newFollower", "scannedAt")
        VALUES (${scan.key}, ${scan.qrCodeId}, ${scan.newFollower}, ${new Date(scan.scannedAt)})
        ON CONFLICT ("key") DO NOTHING`;
      return inserted === 1;
    },
    async listCodes(limit) {
      const rows = await db.qrCode.findMany({ where: { appId }, orderBy: { createdAt: "desc" }, take: limit });
      return rows.map(toRecord);
    },
    async totals(codeIds) {
      const totals = new Map<string, QrScanTotals>();
      if (codeIds.length === 0) return totals;
      const groups = await db.qrScan.groupBy({ by: ["qrCodeId", "newFollower"], where: { qrCodeId: { in: codeIds } }, _count: { _all: true } });
      for (const group of groups) {
        const total = totals.get(group.qrCodeId) ?? { scans: 0, subscribes: 0 };
        total.scans += group._count._all;
        if (group.newFollower) total.subscribes += group._count._all;
        totals.set(group.qrCodeId, total);
      }
      return totals;
    },
    async scansSince(codeIds, since) {
      if (codeIds.length === 0) return [];
      const rows = await db.qrScan.findMany({
        where: { qrCodeId: { in: codeIds }, scannedAt: { gte: new Date(since) } },
        select: { qrCodeId: true, newFollower: true, scannedAt: true },
      });
      return rows.map((row) => ({ qrCodeId: row.qrCodeId, newFollower: row.newFollower, scannedAt: row.scannedAt.getTime() }));
    },
  };
}
