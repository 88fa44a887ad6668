import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "../db";
import { getEnv } from "../env";
import { DEFAULT_API_BASE_URL } from "../env-schema";
import { createPrismaQrStore } from "../stores/prisma-qr-store";
import { getWeChatClient } from "../wechat-app";
import { createQrCode, SHOWQRCODE_URL, showQrCodeUrl } from "../wechat/api/qrcode";
import type { UntrustedFileRule } from "../security/untrusted-file";
import { WeChatHttpError, WeChatTimeoutError } from "../wechat/errors";
import { listCodeSummaries, type QrChannelStore, type QrCodeSummary } from "./qr-channels";

/** The app's QR channels: the database store, the WeChat client and the configuration wired in. */

/** Temporary codes made in the console live 30 days unless asked otherwise (WeChat's maximum). */
const DEFAULT_EXPIRE_SECONDS = 2_592_000;
const CHART_DAYS = 14;
const LIST_LIMIT = 200;

async function store(): Promise<QrChannelStore> {
  return createPrismaQrStore(await getDb(), getEnv().appId);
}

/** showqrcode: WeChat serves it from mp.weixin.qq.com; a stand-in (simulator, proxy) beside its API. */
function imageBase(): string {
  const apiBase = getEnv().apiBaseUrl.replace(/\/+$/, "");
  return apiBase === DEFAULT_API_BASE_URL ? SHOWQRCODE_URL : `${apiBase}/cgi-bin/showqrcode`;
}

/** showqrcode answers an image (WeChat says image/jpg); anything else is served as an image anyway, sandboxed. */
export const QR_IMAGE_FILE: UntrustedFileRule = { inline: /^image\/(png|jpeg|jpg|gif|webp|bmp)$/, forced: "image/png" };

export interface CreatedQrCode {
  id: string;
  scene: string;
  permanent: boolean;
  ticket: string;
  url: string;
  imageUrl: string;
  expiresAt: string | null;
}

/** Creates the code at WeChat, then stores it so its scans can be counted. */
export async function createChannelQrCode(input: { scene: string; permanent: boolean; expireSeconds?: number }): Promise<CreatedQrCode> {
  const client = await getWeChatClient();
  const created = Date.now();
  const ticket = input.permanent
    ? await createQrCode(client, { permanent: true, scene: input.scene })
    : await createQrCode(client, { scene: input.scene, expireSeconds: input.expireSeconds ?? DEFAULT_EXPIRE_SECONDS });
  const expiresAt = ticket.expireSeconds !== undefined ? created + ticket.expireSeconds * 1000 : null;
  const id = randomUUID();
  await (await store()).insertCode({ id, scene: input.scene, permanent: input.permanent, ticket: ticket.ticket, url: ticket.url, expiresAt, createdAt: created });
  return {
    id,
    scene: input.scene,
    permanent: input.permanent,
    ticket: ticket.ticket,
    url: ticket.url,
    imageUrl: showQrCodeUrl(ticket.ticket, imageBase()),
    expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
  };
}

export async function listChannelQrCodes(): Promise<{ items: QrCodeSummary[] }> {
  return { items: await listCodeSummaries(await store(), { now: Date.now(), days: CHART_DAYS, limit: LIST_LIMIT }) };
}

/**
 * The code's image from showqrcode, for a same-origin preview and download (the page's
 * Content-Security-Policy does not list mp.weixin.qq.com). "unknown" for an id we never
 * stored, "gone" when WeChat no longer serves it (an expired temporary code).
 */
export async function fetchQrImage(id: string): Promise<{ body: ReadableStream<Uint8Array>; contentType: string | null; scene: string } | "unknown" | "gone"> {
  const db = await getDb();
  const env = getEnv();
  const row = await db.qrCode.findFirst({ where: { id, appId: env.appId }, select: { ticket: true, scene: true } });
  if (!row) return "unknown";
  let res: Response;
  try {
    res = await fetch(showQrCodeUrl(row.ticket, imageBase()), { signal: AbortSignal.timeout(env.httpTimeoutMs) });
  } catch (error) {
    if (error instanceof Error && error.name === "TimeoutError") throw new WeChatTimeoutError(env.httpTimeoutMs, "showqrcode");
    throw new WeChatHttpError(0, "showqrcode", { cause: error });
  }
  if (res.status === 404) {
    void res.body?.cancel();
    return "gone";
  }
  if (!res.ok || !res.body) throw new WeChatHttpError(res.status, "showqrcode");
  return { body: res.body, contentType: res.headers.get("content-type"), scene: row.scene };
}
