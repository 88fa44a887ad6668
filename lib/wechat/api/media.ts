/**
 * Temporary media (临时素材, kept 3 days) and uploadimg (images inside
 * articles). Files are sent as standard FormData/Blob multipart and fetched
 * back as streams, never buffered whole.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
 */
import type { WeChatApiCaller, WeChatStreamCaller } from "../api-client";
import { WeChatHttpError } from "../errors";
import type { StreamResult } from "../http-stream";
import { assertMediaType, assertUploadFits, mediaForm, TEMPORARY_MEDIA_LIMITS, UPLOADIMG_LIMIT, type MediaType } from "./media-limits";

export * from "./media-limits";

export interface MediaFile {
  file: Blob;
  /** Always with its extension (photo.jpg): WeChat takes the format from it. */
  filename: string;
}

export interface UploadedMedia {
  type: MediaType;
  mediaId: string;
  /** Seconds since the epoch; the media expires 3 days later. */
  createdAt: number;
}

/**
 * Uploads a temporary media file. Limits (size, extension) are checked first.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
 */
export async function uploadTemporaryMedia(client: WeChatApiCaller, type: MediaType, media: MediaFile): Promise<UploadedMedia> {
  assertMediaType(type);
  assertUploadFits(TEMPORARY_MEDIA_LIMITS[type], media.file, media.filename);
  const res = await client.call<{ type?: string; media_id?: string; thumb_media_id?: string; created_at?: number }>({
    path: "/cgi-bin/media/upload",
    query: { type },
    form: mediaForm(media.file, media.filename),
  });
  // A thumb comes back as thumb_media_id.
  const mediaId = res.media_id ?? res.thumb_media_id;
  if (!mediaId) throw new WeChatHttpError(200, "/cgi-bin/media/upload", { cause: new Error("answer lacks media_id") });
  return { type, mediaId, createdAt: Number(res.created_at ?? 0) };
}

/** A fetched file: the body is a stream the caller must read or cancel. */
export interface MediaStream {
  kind: "file";
  body: ReadableStream<Uint8Array>;
  contentType: string;
  /** From Content-Length when WeChat sends it. */
  contentLength?: number;
  /** From Content-Disposition when WeChat sends it. */
  filename?: string;
}

export type TemporaryMedia = MediaStream | { kind: "video"; videoUrl: string };

/**
 * Fetches a temporary media file as a stream. Videos come back as a download
 * URL instead. 40007 (invalid or expired media_id) is thrown as WeChatApiError.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_temporary_materials.html
 */
export async function getTemporaryMedia(client: WeChatStreamCaller, mediaId: string): Promise<TemporaryMedia> {
  const res = await client.stream({ path: "/cgi-bin/media/get", query: { media_id: mediaId } });
  if (res.kind === "json") {
    const url = (res.json as { video_url?: unknown }).video_url;
    if (typeof url === "string") return { kind: "video", videoUrl: url };
    throw new WeChatHttpError(200, "/cgi-bin/media/get", { cause: new Error("JSON answer without video_url") });
  }
  return toMediaStream(res, "/cgi-bin/media/get");
}

/** The stream and its headers, from a file answer. */
export function toMediaStream(res: Extract<StreamResult, { kind: "stream" }>, endpoint: string): MediaStream {
  const { response } = res;
  if (!response.body) throw new WeChatHttpError(response.status, endpoint, { cause: new Error("empty body") });
  const length = Number(response.headers.get("content-length"));
  const disposition = response.headers.get("content-disposition") ?? "";
  const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  return {
    kind: "file",
    body: response.body,
    contentType: response.headers.get("content-type") ?? "application/octet-stream",
    ...(Number.isFinite(length) && length > 0 ? { contentLength: length } : {}),
    ...(filename ? { filename } : {}),
  };
}

/**
 * Uploads an image for use inside an article's content; returns its URL
 * (only shown inside WeChat). Does not count against the material limit.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html
 */
export async function uploadArticleImage(client: WeChatApiCaller, media: MediaFile): Promise<string> {
  assertUploadFits(UPLOADIMG_LIMIT, media.file, media.filename);
  const res = await client.call<{ url?: string }>({ path: "/cgi-bin/media/uploadimg", form: mediaForm(media.file, media.filename) });
  if (!res.url) throw new WeChatHttpError(200, "/cgi-bin/media/uploadimg", { cause: new Error("answer lacks url") });
  return res.url;
}
