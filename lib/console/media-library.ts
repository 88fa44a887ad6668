import "server-only";
import { getEnv } from "../env";
import { DEFAULT_API_BASE_URL } from "../env-schema";
import { readBoundedBody } from "../security/bounded-body";
import { getWeChatClient } from "../wechat-app";
import { deleteMaterial, getMaterial } from "../wechat/api/material";
import { getTemporaryMedia, PERMANENT_MATERIAL_LIMITS, TEMPORARY_MEDIA_LIMITS } from "../wechat/api/media";
import { openVideoDownload, WECHAT_MEDIA_HOST } from "./video-download";

/**
 * The media library screen's server side: previews streamed through our origin (the
 * access_token stays on the server, and the page's CSP allows only 'self' for media), and
 * deletion. Uploads and the list use the API modules directly (app/api/admin/media).
 */

/** The largest file any upload type allows (10 MB), plus room for the multipart framing and the video's title/introduction. */
export const MAX_MEDIA_UPLOAD_BYTES =
  Math.max(...Object.values(PERMANENT_MATERIAL_LIMITS).map((l) => l.maxBytes), ...Object.values(TEMPORARY_MEDIA_LIMITS).map((l) => l.maxBytes)) + 64 * 1024;

/** WeChat's media_ids are URL-safe tokens; anything else is refused before calling it. */
export const MEDIA_ID_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

export type MediaPreview =
  | { kind: "file"; body: ReadableStream<Uint8Array>; contentType: string; contentLength?: number }
  /** A news material has no file to show. */
  | { kind: "news" };

/** WeChat's media hosts, and the configured stand-in's (the simulator's) origins when WeChat's own are not used. */
function isMediaHost(url: URL): boolean {
  const { apiBaseUrl, oauthBaseUrl } = getEnv();
  const standIns = apiBaseUrl === DEFAULT_API_BASE_URL ? [] : [new URL(apiBaseUrl).origin, new URL(oauthBaseUrl).origin];
  return WECHAT_MEDIA_HOST.test(url.hostname) || standIns.includes(url.origin);
}

/** Video answers carry a download URL (no token in it): fetched here so the browser stays on our origin. */
async function fetchDownload(url: string): Promise<MediaPreview> {
  const res = await openVideoDownload(url, { allowed: isMediaHost, timeoutMs: getEnv().httpTimeoutMs });
  const length = Number(res.headers.get("content-length"));
  return { kind: "file", body: res.body, contentType: res.headers.get("content-type") ?? "video/mp4", ...(length > 0 ? { contentLength: length } : {}) };
}

/** The file behind a media_id: permanent material (material/get_material) or temporary media (media/get). */
export async function openMediaPreview(mediaId: string, temporary: boolean): Promise<MediaPreview> {
  const client = await getWeChatClient();
  if (temporary) {
    const media = await getTemporaryMedia(client, mediaId);
    return media.kind === "video" ? fetchDownload(media.videoUrl) : media;
  }
  const material = await getMaterial(client, mediaId);
  if (material.kind === "video") return fetchDownload(material.downUrl);
  if (material.kind === "news") return { kind: "news" };
  return material;
}

export async function deleteMediaMaterial(mediaId: string): Promise<void> {
  await deleteMaterial(await getWeChatClient(), mediaId);
}

export type BoundedForm = { ok: true; form: FormData } | { ok: false; status: 400 | 413 };

/**
 * Reads a multipart body of at most `maxBytes`: a declared Content-Length over it is refused
 * before reading anything; a body without one is read only up to the cap.
 */
export async function readBoundedForm(request: Request, maxBytes: number = MAX_MEDIA_UPLOAD_BYTES): Promise<BoundedForm> {
  const contentType = request.headers.get("content-type") ?? "";
  const declared = Number(request.headers.get("content-length") ?? "0");
  const multipart = contentType.toLowerCase().startsWith("multipart/form-data");
  // An oversized declaration is refused first, whatever its type.
  if (!(Number.isFinite(declared) && declared > maxBytes) && (!request.body || !multipart)) return { ok: false, status: 400 };
  const read = await readBoundedBody(request, maxBytes);
  if (!read.ok) return read;
  try {
    return { ok: true, form: await new Response(Buffer.from(read.bytes), { headers: { "content-type": contentType } }).formData() };
  } catch {
    return { ok: false, status: 400 };
  }
}
