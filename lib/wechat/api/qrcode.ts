/**
 * QR codes with a scene (带参数二维码): temporary and permanent tickets, the
 * showqrcode image URL, the scene carried by SCAN / subscribe events, and the
 * key shortener (shorten/gen, shorten/fetch). The old `shorturl` API was
 * retired in 2021 and is deliberately absent.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html
 */
import type { WeChatApiCaller } from "../api-client";
import { WeChatValidationError } from "../errors";

export const QR_LIMITS = {
  /** Temporary codes live at most 30 days. */
  maxExpireSeconds: 2_592_000,
  /** Permanent numeric scenes: 1..100000. */
  maxPermanentSceneId: 100_000,
  /** Temporary numeric scenes: a non-zero 32-bit integer. */
  maxTemporarySceneId: 4_294_967_295,
  sceneStrLength: 64,
  /** shorten/gen: long_data up to 4 KB. */
  shortenDataBytes: 4096,
} as const;

export const SHOWQRCODE_URL = "https://mp.weixin.qq.com/cgi-bin/showqrcode";

export type QrCodeRequest =
  | { permanent: true; scene: number | string }
  | { permanent?: false; scene: number | string; /** Default 60 s (WeChat's default); at most 2592000. */ expireSeconds?: number };

export interface QrCodeTicket {
  ticket: string;
  /** Absent for permanent codes. */
  expireSeconds?: number;
  /** The URL the QR code encodes (draw it yourself, or use the showqrcode image). */
  url: string;
}

type ActionName = "QR_SCENE" | "QR_STR_SCENE" | "QR_LIMIT_SCENE" | "QR_LIMIT_STR_SCENE";

/** The JSON body of qrcode/create for a request, after checking the platform's limits. */
export function buildQrCodeBody(req: QrCodeRequest): Record<string, unknown> {
  const numeric = typeof req.scene === "number";
  const action: ActionName = req.permanent ? (numeric ? "QR_LIMIT_SCENE" : "QR_LIMIT_STR_SCENE") : numeric ? "QR_SCENE" : "QR_STR_SCENE";
  let scene: Record<string, unknown>;
  if (typeof req.scene === "number") {
    const max = req.permanent ? QR_LIMITS.maxPermanentSceneId : QR_LIMITS.maxTemporarySceneId;
    if (!Number.isInteger(req.scene) || req.scene < 1 || req.scene > max) {
      const rule = req.permanent ? "永久二维码时最大值为100000（目前参数只支持1--100000）" : "临时二维码时为32位非0整型";
      throw new WeChatValidationError("scene", `scene_id: ${rule} (got ${req.scene})`);
    }
    scene = { scene_id: req.scene };
  } else {
    if (req.scene.length < 1 || req.scene.length > QR_LIMITS.sceneStrLength) {
      throw new WeChatValidationError("scene", `scene_str: 字符串类型，长度限制为1到64 (got ${req.scene.length})`);
    }
    scene = { scene_str: req.scene };
  }
  const body: Record<string, unknown> = { action_name: action, action_info: { scene } };
  if (!req.permanent) {
    const expire = req.expireSeconds ?? 60;
    if (!Number.isInteger(expire) || expire < 1 || expire > QR_LIMITS.maxExpireSeconds) {
      throw new WeChatValidationError("expireSeconds", `expire_seconds: 该二维码有效时间，以秒为单位。最大不超过2592000（即30天） (got ${expire})`);
    }
    body.expire_seconds = expire;
  }
  return body;
}

/**
 * Creates a QR code ticket. A number scene makes QR_SCENE / QR_LIMIT_SCENE, a
 * string scene QR_STR_SCENE / QR_LIMIT_STR_SCENE.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html
 */
export async function createQrCode(client: WeChatApiCaller, req: QrCodeRequest): Promise<QrCodeTicket> {
  const body = buildQrCodeBody(req);
  // Permanent codes are a limited resource (100000): never repeated after a timeout.
  const res = await client.call<{ ticket: string; expire_seconds?: number; url: string }>({
    method: "POST",
    path: "/cgi-bin/qrcode/create",
    body,
    idempotent: !req.permanent,
  });
  return { ticket: res.ticket, url: res.url, ...(res.expire_seconds !== undefined ? { expireSeconds: res.expire_seconds } : {}) };
}

/**
 * The QR code image for a ticket (no access_token needed). `base` lets the
 * simulator stand in for mp.weixin.qq.com.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html
 */
export function showQrCodeUrl(ticket: string, base: string = SHOWQRCODE_URL): string {
  return `${base}?ticket=${encodeURIComponent(ticket)}`;
}

/**
 * Stores up to 4 KB of data behind a short key (for scenes longer than 64 chars).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/KEY_Shortener.html
 */
export async function shortenGen(client: WeChatApiCaller, longData: string, expireSeconds: number = QR_LIMITS.maxExpireSeconds): Promise<string> {
  const size = new TextEncoder().encode(longData).length;
  if (size < 1 || size > QR_LIMITS.shortenDataBytes) {
    throw new WeChatValidationError("long_data", `long_data: 需要转换的长信息，不超过4KB (got ${size} bytes)`);
  }
  if (!Number.isInteger(expireSeconds) || expireSeconds < 1 || expireSeconds > QR_LIMITS.maxExpireSeconds) {
    throw new WeChatValidationError("expire_seconds", `expire_seconds: 过期秒数，最大值为2592000（即30天） (got ${expireSeconds})`);
  }
  const res = await client.call<{ short_key: string }>({
    method: "POST",
    path: "/cgi-bin/shorten/gen",
    body: { long_data: longData, expire_seconds: expireSeconds },
    idempotent: true,
  });
  return res.short_key;
}

export interface ShortenedData {
  longData: string;
  /** Seconds since the epoch. */
  createTime: number;
  /** Seconds left. */
  expireSeconds: number;
}

/**
 * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/KEY_Shortener.html
 */
export async function shortenFetch(client: WeChatApiCaller, shortKey: string): Promise<ShortenedData> {
  const res = await client.call<{ long_data: string; create_time: number; expire_seconds: number }>({
    method: "POST",
    path: "/cgi-bin/shorten/fetch",
    body: { short_key: shortKey },
    idempotent: true,
  });
  return { longData: res.long_data, createTime: res.create_time, expireSeconds: res.expire_seconds };
}
