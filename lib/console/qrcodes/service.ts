/**
 * The QR channels screen's server side: a code created at WeChat and stored so the webhook can
 * count its scans (recorder.ts), the codes with their counts, and a code's image streamed from
 * our origin. Framework-free: the WeChat client, the store, showqrcode's base, fetch, the
 * clock and ids are injected (lib/wiring builds them).
 */
import type { UntrustedFileRule } from "../../http/untrusted-file";
import type { WeChatApiCaller } from "@wxmp/wechat/api-client";
import { createQrCode, showQrCodeUrl } from "@wxmp/wechat/api/qrcode";
import { WeChatHttpError, WeChatTimeoutError, WeChatValidationError } from "@wxmp/wechat/errors";
import { listCodeSummaries, type QrChannelStore, type QrCodeSummary } from "./channels";

/** Temporary codes made in the console live 30 days unless asked otherwise (WeChat's maximum). */
const DEFAULT_EXPIRE_SECONDS = 2_592_000;
const CHART_DAYS = 14;
const LIST_LIMIT = 200;

/** showqrcode answers an image (WeChat says image/jpg); anything else is served as an image anyway, sandboxed. */
export const QR_IMAGE_FILE: UntrustedFileRule = { inline: /^image\/(png|jpeg|jpg|gif|webp|bmp)$/, forced: "image/png" };

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

export interface CreatedQrCode {
  id: string;
  scene: string;
  permanent: boolean;
  ticket: string;
  url: string;
  imageUrl: string;
  expiresAt: string | null;
}

export type QrImage = { body: ReadableStream<Uint8Array>; contentType: string | null; scene: string };

export interface QrChannelService {
  /** Creates the code at WeChat, then stores it; a request WeChat's limits refuse comes back as the field and why. */
  create(input: QrCodeRequest): Promise<CreatedQrCode | { refused: { field: string; message: string } }>;
  /** The stored codes, newest first, with scans and new followers (total and per Beijing day). */
  list(): Promise<{ items: QrCodeSummary[] }>;
  /**
   * The code's image from showqrcode, for a same-origin preview and download (the page's
   * Content-Security-Policy does not list mp.weixin.qq.com). "unknown" for an id we never
   * stored, "gone" when WeChat no longer serves it (an expired temporary code).
   */
  image(id: string): Promise<QrImage | "unknown" | "gone">;
}

export interface QrChannelServiceDeps {
  client: WeChatApiCaller;
  store: QrChannelStore;
  /** showqrcode: WeChat's on mp.weixin.qq.com, or a stand-in's (simulator, proxy) beside its API. */
  imageBase: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  now: () => number;
  newId: () => string;
}

async function fetchImage(deps: QrChannelServiceDeps, ticket: string): Promise<Response> {
  try {
    return await (deps.fetch ?? fetch)(showQrCodeUrl(ticket, deps.imageBase), { signal: AbortSignal.timeout(deps.timeoutMs) });
  } catch (error) {
    if (error instanceof Error && error.name === "TimeoutError") throw new WeChatTimeoutError(deps.timeoutMs, "showqrcode");
    throw new WeChatHttpError(0, "showqrcode", { cause: error });
  }
}

export function createQrChannelService(deps: QrChannelServiceDeps): QrChannelService {
  const { client, store } = deps;
  return {
    async create(input) {
      const created = deps.now();
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
    async image(id) {
      const code = await store.findById(id);
      if (!code) return "unknown";
      const res = await fetchImage(deps, code.ticket);
      if (res.status === 404) {
        void res.body?.cancel();
        return "gone";
      }
      if (!res.ok || !res.body) throw new WeChatHttpError(res.status, "showqrcode");
      return { body: res.body, contentType: res.headers.get("content-type"), scene: code.scene };
    },
  };
}
