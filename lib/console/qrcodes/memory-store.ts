import type { QrChannelStore, QrCodeRecord, QrScanRecord } from "./channels";

/**
 * A QR channel store over arrays with the same contract as the Prisma one (insert-once on the
 * scan key): the unit tests' store, checked against the same expectations as prisma-store.ts.
 */
export function memoryQrStore(): QrChannelStore & { scans: QrScanRecord[]; codes: QrCodeRecord[] } {
  const codes: QrCodeRecord[] = [];
  const scans: QrScanRecord[] = [];
  return {
    scans,
    codes,
    insertCode: async (code) => void codes.push({ ...code }),
    findById: async (id) => codes.find((c) => c.id === id) ?? null,
    findByTicket: async (ticket) => codes.find((c) => c.ticket === ticket) ?? null,
    findLatestByScene: async (scene) => [...codes].filter((c) => c.scene === scene).sort((a, b) => b.createdAt - a.createdAt)[0] ?? null,
    updateLabel: async (id, label) => {
      const code = codes.find((c) => c.id === id);
      if (!code) return null;
      if (label.name !== undefined) code.name = label.name;
      if (label.note !== undefined) code.note = label.note;
      return { ...code };
    },
    addScan: async (scan) => (scans.some((s) => s.key === scan.key) ? false : (scans.push(scan), true)),
    listCodes: async (limit) => [...codes].sort((a, b) => b.createdAt - a.createdAt).slice(0, limit),
    totals: async (ids) => {
      const map = new Map<string, { scans: number; subscribes: number }>();
      for (const s of scans.filter((x) => ids.includes(x.qrCodeId))) {
        const t = map.get(s.qrCodeId) ?? { scans: 0, subscribes: 0 };
        t.scans++;
        if (s.newFollower) t.subscribes++;
        map.set(s.qrCodeId, t);
      }
      return map;
    },
    scansSince: async (ids, since) => scans.filter((s) => ids.includes(s.qrCodeId) && s.scannedAt >= since),
  };
}
