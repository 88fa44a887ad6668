/**
 * The media library screen's server side: uploads (temporary media or permanent material),
 * the list of permanent material, previews streamed through our origin (the access_token
 * stays on the server, and the page's CSP allows only 'self' for media) and deletion.
 * Framework-free: the WeChat client and the download's host rule and timeout are injected
 * (lib/wiring builds them).
 */
import type { WeChatApiCaller, WeChatStreamCaller } from "../../wechat/api-client";
import { addMaterial, batchGetMaterial, deleteMaterial, getMaterial, type MaterialPage } from "../../wechat/api/material";
import { getTemporaryMedia, MEDIA_TYPES, uploadTemporaryMedia, type MediaType } from "../../wechat/api/media";
import { PERMANENT_MATERIAL_LIMITS, TEMPORARY_MEDIA_LIMITS } from "../../wechat/api/media-limits";
import { WeChatValidationError } from "../../wechat/errors";
import { checkFile, checkFileSize, SNIFF_BYTES, type FileRefusal } from "./file-check";
import { openVideoDownload } from "./video-download";

/** The largest file any upload type allows (10 MB), plus room for the multipart framing and the video's title/introduction. */
export const MAX_MEDIA_UPLOAD_BYTES =
  Math.max(...Object.values(PERMANENT_MATERIAL_LIMITS).map((l) => l.maxBytes), ...Object.values(TEMPORARY_MEDIA_LIMITS).map((l) => l.maxBytes)) + 64 * 1024;

/** WeChat's media_ids are URL-safe tokens; anything else is refused before calling it. */
export const MEDIA_ID_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

export const isMediaType = (v: unknown): v is MediaType => typeof v === "string" && (MEDIA_TYPES as readonly string[]).includes(v);

export type MediaPreview =
  | { kind: "file"; body: ReadableStream<Uint8Array>; contentType: string; contentLength?: number }
  /** A news material has no file to show. */
  | { kind: "news" };

/**
 * An upload refused before or by the library's checks: the field and why (the route's 400
 * `invalid_media`, or 413 `file_too_large` when `tooLarge`).
 */
export type UploadRefusal = { refused: { field: string; message: string }; tooLarge?: true };
export type Uploaded = { mediaId: string; type: MediaType; url?: string };

export interface MediaService {
  /** Multipart `file`, `type`, `permanent` (1/0), `title`/`introduction` for a permanent video. */
  upload(form: FormData): Promise<Uploaded | UploadRefusal>;
  /** One page (20) of permanent material. */
  list(type: MediaType, offset: number): Promise<MaterialPage>;
  /** The file behind a media_id: permanent material (material/get_material) or temporary media (media/get). */
  preview(mediaId: string, temporary: boolean): Promise<MediaPreview>;
  remove(mediaId: string): Promise<void>;
}

export interface MediaServiceDeps {
  client: WeChatApiCaller & WeChatStreamCaller;
  /** Video answers carry a download URL: the hosts it may point at (WeChat's, or the configured stand-in's). */
  isMediaHost: (url: URL) => boolean;
  /** For the download's connection and headers. */
  timeoutMs: number;
}

async function upload(client: WeChatApiCaller, form: FormData): Promise<Uploaded | UploadRefusal> {
  const file = form.get("file");
  const type = form.get("type");
  if (!(file instanceof File)) return { refused: { field: "file", message: "file is required" } };
  if (!isMediaType(type)) return { refused: { field: "type", message: "type must be image, voice, video or thumb" } };
  const permanent = form.get("permanent") === "1";
  // Size first (no byte read), then the first bytes: nothing goes to WeChat that is not what its name says.
  const bad: FileRefusal | null =
    checkFileSize(file, type, permanent) ?? checkFile(file, new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()), type, permanent);
  if (bad) return { refused: { field: bad.field, message: bad.message }, ...(bad.status === 413 ? { tooLarge: true as const } : {}) };
  const media = { file, filename: file.name };
  try {
    if (!permanent) return { mediaId: (await uploadTemporaryMedia(client, type, media)).mediaId, type };
    const added =
      type === "video"
        ? await addMaterial(client, { type, ...media, title: String(form.get("title") ?? ""), introduction: String(form.get("introduction") ?? "") })
        : await addMaterial(client, { type, ...media });
    return { mediaId: added.mediaId, type, ...(added.url ? { url: added.url } : {}) };
  } catch (error) {
    if (error instanceof WeChatValidationError) return { refused: { field: error.field, message: error.message } };
    throw error;
  }
}

export function createMediaService(deps: MediaServiceDeps): MediaService {
  const { client } = deps;
  /** Fetched here so the browser stays on our origin (the URL carries no token). */
  const download = async (url: string): Promise<MediaPreview> => {
    const res = await openVideoDownload(url, { allowed: deps.isMediaHost, timeoutMs: deps.timeoutMs });
    const length = Number(res.headers.get("content-length"));
    return { kind: "file", body: res.body, contentType: res.headers.get("content-type") ?? "video/mp4", ...(length > 0 ? { contentLength: length } : {}) };
  };
  return {
    upload: (form) => upload(client, form),
    list: (type, offset) => batchGetMaterial(client, { type, offset }),
    async preview(mediaId, temporary) {
      if (temporary) {
        const media = await getTemporaryMedia(client, mediaId);
        return media.kind === "video" ? download(media.videoUrl) : media;
      }
      const material = await getMaterial(client, mediaId);
      if (material.kind === "video") return download(material.downUrl);
      if (material.kind === "news") return { kind: "news" };
      return material;
    },
    remove: (mediaId) => deleteMaterial(client, mediaId),
  };
}
