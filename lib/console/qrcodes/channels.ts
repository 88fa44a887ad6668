/**
 * QR-code channels (渠道二维码): the codes an operator creates, and the scans counted
 * against them. Framework-free: the store and the clock are injected, so the counting
 * rules are tested without a database.
 *
 * Exactly-once: a scan is stored under the push's dedup key (the webhook's context hands
 * over the key its dedup claim used), and the store inserts a key at most once. A push WeChat retries
 * carries the same key, so it is never counted twice — even when the handler runs again
 * after a lost lease or while the dedup store is down.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html
 */
import type { InboundMessage } from "../../wechat/message";
import type { MessageContext } from "../../wechat/webhook/types";

export interface QrCodeRecord {
  id: string;
  scene: string;
  permanent: boolean;
  ticket: string;
  url: string;
  /** Epoch ms; null for a permanent code. */
  expiresAt: number | null;
  createdAt: number;
  /** The operator's name for the channel and note (null: none); the scene itself is fixed at WeChat. */
  name?: string | null;
  note?: string | null;
}

/** A rename or note: a field left out stays, null clears it. */
export type QrLabel = { name?: string | null; note?: string | null };

export interface QrScanRecord {
  /** The push's dedup key. */
  key: string;
  qrCodeId: string;
  newFollower: boolean;
  /** Epoch ms, from the push's CreateTime (identical on a retry). */
  scannedAt: number;
}

export interface QrScanTotals {
  /** Every counted scan: SCAN by a follower and subscribe by scanning. */
  scans: number;
  /** Scans that made a new follower. */
  subscribes: number;
}

export interface QrChannelStore {
  insertCode(code: QrCodeRecord): Promise<void>;
  findById(id: string): Promise<QrCodeRecord | null>;
  findByTicket(ticket: string): Promise<QrCodeRecord | null>;
  /** The newest code with this scene (scenes may be reused; the newest is the live campaign). */
  findLatestByScene(scene: string): Promise<QrCodeRecord | null>;
  /** Sets the code's name and/or note; the updated code, or null when this account has no such code. */
  updateLabel(id: string, label: QrLabel): Promise<QrCodeRecord | null>;
  /** Inserts the scan unless its key is already stored; true when it was inserted. */
  addScan(scan: QrScanRecord): Promise<boolean>;
  /** Newest first, at most `limit`. */
  listCodes(limit: number): Promise<QrCodeRecord[]>;
  totals(codeIds: string[]): Promise<Map<string, QrScanTotals>>;
  /** Scans of these codes at or after `since` (epoch ms). */
  scansSince(codeIds: string[], since: number): Promise<Array<Omit<QrScanRecord, "key">>>;
}

export interface QrDayCount extends QrScanTotals {
  /** Beijing calendar day, YYYY-MM-DD. */
  day: string;
}

export interface QrCodeSummary extends QrScanTotals {
  id: string;
  scene: string;
  name: string | null;
  note: string | null;
  permanent: boolean;
  createdAt: string;
  expiresAt: string | null;
  /** The last `days` Beijing days, oldest first, zeros included (for the chart). */
  daily: QrDayCount[];
}

const DAY_MS = 86_400_000;
/** WeChat's statistics and quotas use Beijing time (UTC+8, no daylight saving). */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

export function beijingDay(epochMs: number): string {
  return new Date(epochMs + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The webhook's context as far as a scan needs it. */
export type ScanContext = Pick<MessageContext, "dedupKey">;

/**
 * The scan a push reports, or null when it is no QR-code scan: SCAN, or subscribe through a
 * code (the message parser has taken the scene out of its `qrscene_` EventKey).
 */
export function scanOf(msg: InboundMessage, ctx: ScanContext): { key: string; scene: string; ticket?: string; newFollower: boolean; scannedAt: number } | null {
  if (msg.type !== "event" || (msg.event !== "subscribe" && msg.event !== "SCAN") || !msg.scene) return null;
  const ticket = msg.ticket ? { ticket: msg.ticket } : {};
  return { key: ctx.dedupKey, scene: msg.scene, ...ticket, newFollower: msg.event === "subscribe", scannedAt: msg.createTime * 1000 };
}

/**
 * Counts a SCAN or subscribe-with-scene push against its code: matched by ticket, else by
 * scene (a code made elsewhere, e.g. in WeChat's console, matches nothing and is ignored).
 * Returns the code counted against, or null when nothing was counted (not a scan, no code,
 * or the same push already counted).
 */
export async function recordScan(store: QrChannelStore, msg: InboundMessage, ctx: ScanContext): Promise<QrCodeRecord | null> {
  const scan = scanOf(msg, ctx);
  if (!scan) return null;
  const code = (scan.ticket ? await store.findByTicket(scan.ticket) : null) ?? (await store.findLatestByScene(scan.scene));
  if (!code) return null;
  const inserted = await store.addScan({ key: scan.key, qrCodeId: code.id, newFollower: scan.newFollower, scannedAt: scan.scannedAt });
  return inserted ? code : null;
}

/** The last `days` Beijing days ending today, oldest first. */
export function lastDays(now: number, days: number): string[] {
  return Array.from({ length: days }, (_, i) => beijingDay(now - (days - 1 - i) * DAY_MS));
}

/** The codes with their totals and a per-day series for the chart. */
export async function listCodeSummaries(store: QrChannelStore, opts: { now: number; days: number; limit: number }): Promise<QrCodeSummary[]> {
  const codes = await store.listCodes(opts.limit);
  const ids = codes.map((c) => c.id);
  const days = lastDays(opts.now, opts.days);
  // From the start of the first Beijing day shown.
  const since = Date.parse(`${days[0]}T00:00:00+08:00`);
  const [totals, recent] = await Promise.all([store.totals(ids), store.scansSince(ids, since)]);
  const perCode = new Map<string, Map<string, QrScanTotals>>();
  for (const scan of recent) {
    const series = perCode.get(scan.qrCodeId) ?? new Map<string, QrScanTotals>();
    perCode.set(scan.qrCodeId, series);
    const day = beijingDay(scan.scannedAt);
    const count = series.get(day) ?? { scans: 0, subscribes: 0 };
    count.scans += 1;
    if (scan.newFollower) count.subscribes += 1;
    series.set(day, count);
  }
  return codes.map((code) => {
    const total = totals.get(code.id) ?? { scans: 0, subscribes: 0 };
    const series = perCode.get(code.id);
    return {
      id: code.id,
      scene: code.scene,
      name: code.name ?? null,
      note: code.note ?? null,
      permanent: code.permanent,
      createdAt: new Date(code.createdAt).toISOString(),
      expiresAt: code.expiresAt === null ? null : new Date(code.expiresAt).toISOString(),
      scans: total.scans,
      subscribes: total.subscribes,
      daily: days.map((day) => ({ day, ...(series?.get(day) ?? { scans: 0, subscribes: 0 }) })),
    };
  });
}

/** A code that still works: permanent, or temporary and not yet expired. */
export const isLive = (code: QrCodeRecord, now: number): boolean => code.expiresAt === null || code.expiresAt > now;

const csvField = (value: string | number): string => {
  const text = String(value);
  // Quote what a spreadsheet would split or run as a formula (=, +, -, @ at the start).
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/**
 * Scans and new followers per Beijing day and code, for a spreadsheet: one row per code and
 * day of the last `days` days (zeros included), oldest day first. UTF-8 with a BOM so Excel
 * reads the Chinese headers.
 */
export async function exportDailyCsv(store: QrChannelStore, opts: { now: number; days: number; limit: number }): Promise<string> {
  const items = await listCodeSummaries(store, opts);
  const lines = [["日期", "场景值", "名称", "扫码次数", "新关注人数"].join(",")];
  for (let i = 0; i < opts.days; i++) {
    for (const item of items) {
      const day = item.daily[i]!;
      lines.push([day.day, item.scene, item.name ?? "", day.scans, day.subscribes].map(csvField).join(","));
    }
  }
  return `\ufeff${lines.join("\r\n")}\r\n`;
}
