/**
 * The QR channels screen's server side: a code created at WeChat and stored so the webhook can
 * count its scans (recorder.ts), one code per scene, names and notes, the codes with their
 * counts, a CSV of them per day, and a code's image drawn from its URL (qr-image.ts).
 * Framework-free: the WeChat client, the store, showqrcode's base, the clock and ids are
 * injected (lib/wiring builds them).
 */
import type { WeChatApiCaller } from "../../wechat/api-client";
import { createQrCode, showQrCodeUrl } from "../../wechat/api/qrcode";
import { WeChatValidationError } from "../../wechat/errors";
import { exportDailyCsv, isLive, listCodeSummaries, type QrChannelStore, type QrCodeSummary, type QrLabel } from "./channels";
import { QR_SIZES, qrPng, qrSvg, type QrSize } from "./qr-image";

/** Temporary codes made in the console live 30 days unless asked otherwise (WeChat's maximum). */
const DEFAULT_EXPIRE_SECONDS = 2_592_000;
const CHART_DAYS = 14;
const LIST_LIMIT = 200;

/** The CSV export covers at most a year of days. */
export const EXPORT_MAX_DAYS = 366;
const NAME_MAX = 40;
const NOTE_MAX = 200;

export type QrCodeRequest = { scene: string; permanent: boolean; expireSeconds?: number };

/** `POST /api/admin/qrcodes`'s body, or the route's 400 naming what is wrong. */
export function parseQrCodeRequest(body: unknown): { ok: true; value: QrCodeRequest } | { ok: false; error: string; message: string } {
  const b = (body && typeof body === "object" ? body : {}) as { scene?: unknown; permanent?: unknown; expireSeconds?: unknown };
  if (typeof b.scene !== "string") return { ok: false, error: "invalid_scene", message: "scene must be a string" };
  if (b.permanent !== undefined && typeof b.permanent !== "boolean") return { ok: false, error: "invalid_permanent", message: "permanent must be a boolean" };
  if (b.expireSeconds !== undefined && typeof b.expireSeconds !== "number") {
    return { ok: false, error: "invalid_expire_seconds", message: "expireSeconds must be a number" };
  }
  return { ok: true, value: { scene: b.scene, permanent: b.permanent === true, ...(b.expireSeconds !== undefined ? { expireSeconds: b.expireSeconds } : {}) } };
}

/** `PATCH /api/admin/qrcodes/:id`'s body (`{ name?, note? }`, a string or null each, at least one), or the 400. */
export function parseQrLabel(body: unknown): { ok: true; value: QrLabel } | { ok: false; error: string; message: string } {
  const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const value: QrLabel = {};
  for (const [field, max] of [["name", NAME_MAX], ["note", NOTE_MAX]] as const) {
    const v = b[field];
    if (v === undefined) continue;
    if (v !== null && typeof v !== "string") return { ok: false, error: `invalid_${field}`, message: `${field} must be a string or null` };
    const trimmed = typeof v === "string" ? v.trim() : null;
    if (trimmed !== null && [...trimmed].length > max) return { ok: false, error: `invalid_${field}`, message: `${field} is at most ${max} characters` };
    value[field] = trimmed === "" ? null : trimmed;
  }
  if (Object.keys(value).length === 0) return { ok: false, error: "invalid_label", message: "send name and/or note" };
  return { ok: true, value };
}

export interface CreatedQrCode {
  id: string;
  scene: string;
  permanent: boolean;
  ticket: string;
  url: string;
  imageUrl: string;
  expiresAt: string | null;
}

export type QrImage = { body: Uint8Array | string; contentType: "image/png" | "image/svg+xml"; scene: string };

/** A create refused because the scene already has a working code: that code's id, to open it instead. */
export type QrSceneTaken = { existing: { id: string; scene: string; name: string | null } };

export interface QrChannelService {
  /** Creates the code at WeChat, then stores it; a request WeChat's limits refuse comes back as the field and why. */
  /**
   * Scenes are unique among working codes (a second code with the same scene would split its
   * scans between two rows): such a request comes back as the existing code, and WeChat is not called.
   */
  create(input: QrCodeRequest): Promise<CreatedQrCode | { refused: { field: string; message: string } } | QrSceneTaken>;
  /** Renames a code and/or sets its note; null when there is no such code. */
  label(id: string, label: QrLabel): Promise<QrCodeSummary | null>;
  /** Scans and new followers per Beijing day and code, the last `days` days, as CSV. */
  exportCsv(days: number): Promise<string>;
  /** The stored codes, newest first, with scans and new followers (total and per Beijing day). */
  list(): Promise<{ items: QrCodeSummary[] }>;
  /**
   * The code's image, drawn from the URL it encodes (PNG at preview or print size, or SVG).
   * "unknown" for an id we never stored, "gone" for an expired temporary code (WeChat no
   * longer answers a scan of it).
   */
  image(id: string, opts?: { format?: "png" | "svg"; size?: QrSize }): Promise<QrImage | "unknown" | "gone">;
}

export interface QrChannelServiceDeps {
  client: WeChatApiCaller;
  store: QrChannelStore;
  /** showqrcode: WeChat's on mp.weixin.qq.com, or a stand-in's (simulator, proxy) beside its API (the create answer's imageUrl). */
  imageBase: string;
  now: () => number;
  newId: () => string;
}

export function createQrChannelService(deps: QrChannelServiceDeps): QrChannelService {
  const { client, store } = deps;
  return {
    async create(input) {
      const created = deps.now();
      const existing = await store.findLatestByScene(input.scene);
      if (existing && isLive(existing, created)) return { existing: { id: existing.id, scene: existing.scene, name: existing.name ?? null } };
      let ticket;
      try {
        ticket = input.permanent
          ? await createQrCode(client, { permanent: true, scene: input.scene })
          : await createQrCode(client, { scene: input.scene, expireSeconds: input.expireSeconds ?? DEFAULT_EXPIRE_SECONDS });
      } catch (error) {
        if (error instanceof WeChatValidationError) return { refused: { field: error.field, message: error.message } };
        throw error;
      }
      const expiresAt = ticket.expireSeconds !== undefined ? created + ticket.expireSeconds * 1000 : null;
      const id = deps.newId();
      await store.insertCode({ id, scene: input.scene, permanent: input.permanent, ticket: ticket.ticket, url: ticket.url, expiresAt, createdAt: created });
      return {
        id,
        scene: input.scene,
        permanent: input.permanent,
        ticket: ticket.ticket,
        url: ticket.url,
        imageUrl: showQrCodeUrl(ticket.ticket, deps.imageBase),
        expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
      };
    },
    list: async () => ({ items: await listCodeSummaries(store, { now: deps.now(), days: CHART_DAYS, limit: LIST_LIMIT }) }),
    async label(id, label) {
      const updated = await store.updateLabel(id, label);
      if (!updated) return null;
      // The one code, summarised as the list does (delegating by hand: the store may be a lazy proxy, not a plain object).
      const one: QrChannelStore = {
        insertCode: (c) => store.insertCode(c),
        findById: (i) => store.findById(i),
        findByTicket: (t) => store.findByTicket(t),
        findLatestByScene: (sc) => store.findLatestByScene(sc),
        updateLabel: (i, l) => store.updateLabel(i, l),
        addScan: (sc) => store.addScan(sc),
        listCodes: async () => [updated],
        totals: (ids) => store.totals(ids),
        scansSince: (ids, since) => store.scansSince(ids, since),
      };
      const items = await listCodeSummaries(one, { now: deps.now(), days: CHART_DAYS, limit: 1 });
      return items[0] ?? null;
    },
    exportCsv: (days) => exportDailyCsv(store, { now: deps.now(), days, limit: LIST_LIMIT }),
    async image(id, opts = {}) {
      const code = await store.findById(id);
      if (!code) return "unknown";
      if (!isLive(code, deps.now())) return "gone";
      if (opts.format === "svg") return { body: qrSvg(code.url), contentType: "image/svg+xml", scene: code.scene };
      return { body: qrPng(code.url, QR_SIZES[opts.size ?? "preview"]), contentType: "image/png", scene: code.scene };
    },
  };
}
