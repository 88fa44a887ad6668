/**
 * Size and format limits of WeChat's upload endpoints, checked before an
 * upload so a bad file gets a clear error instead of 40004/40005/40113/45001.
 * WeChat judges the format by the file name's extension, so one is required.
 * The 60-second voice limit needs decoding the audio and is left to WeChat.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html
 */
import { WeChatValidationError } from "../errors";

export type MediaType = "image" | "voice" | "video" | "thumb";

export interface UploadLimit {
  maxBytes: number;
  /** Lower-case extensions without the dot. */
  extensions: readonly string[];
  /** The platform's own wording, quoted in errors. */
  rule: string;
}

const MB = 1024 * 1024;

/** Temporary media (media/upload). */
export const TEMPORARY_MEDIA_LIMITS: Record<MediaType, UploadLimit> = {
  image: { maxBytes: 10 * MB, extensions: ["png", "jpeg", "jpg", "gif"], rule: "图片（image）: 10M，支持PNG\\JPEG\\JPG\\GIF格式" },
  voice: { maxBytes: 2 * MB, extensions: ["amr", "mp3"], rule: "语音（voice）：2M，播放长度不超过60s，支持AMR\\MP3格式" },
  video: { maxBytes: 10 * MB, extensions: ["mp4"], rule: "视频（video）：10MB，支持MP4格式" },
  thumb: { maxBytes: 64 * 1024, extensions: ["jpg", "jpeg"], rule: "缩略图（thumb）：64KB，支持JPG格式" },
};

/** Permanent material (material/add_material). */
export const PERMANENT_MATERIAL_LIMITS: Record<MediaType, UploadLimit> = {
  image: { maxBytes: 10 * MB, extensions: ["bmp", "png", "jpeg", "jpg", "gif"], rule: "图片（image）: 10M，支持bmp/png/jpeg/jpg/gif格式" },
  voice: { maxBytes: 2 * MB, extensions: ["mp3", "wma", "wav", "amr"], rule: "语音（voice）：2M，播放长度不超过60s，mp3/wma/wav/amr格式" },
  video: { maxBytes: 10 * MB, extensions: ["mp4"], rule: "视频（video）：10MB，支持MP4格式" },
  thumb: { maxBytes: 64 * 1024, extensions: ["jpg", "jpeg"], rule: "缩略图（thumb）：64KB，支持JPG格式" },
};

/** media/uploadimg (images inside articles). */
export const UPLOADIMG_LIMIT: UploadLimit = {
  maxBytes: 1 * MB,
  extensions: ["jpg", "jpeg", "png"],
  rule: "图片仅支持jpg/png格式，大小必须在1MB以下",
};

export const MEDIA_TYPES: readonly MediaType[] = ["image", "voice", "video", "thumb"];

/** The extension of a file name, lower-case, or "" when it has none. */
export function extensionOf(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 && dot < base.length - 1 ? base.slice(dot + 1).toLowerCase() : "";
}

/** Throws WeChatValidationError unless the file fits `limit`. */
export function assertUploadFits(limit: UploadLimit, file: Blob, filename: string): void {
  const ext = extensionOf(filename);
  if (!ext) {
    throw new WeChatValidationError("filename", `the file name must carry an extension (${limit.extensions.join("/")}): WeChat judges the format by it`);
  }
  if (!limit.extensions.includes(ext)) throw new WeChatValidationError("filename", `unsupported file type .${ext}: ${limit.rule}`);
  if (file.size === 0) throw new WeChatValidationError("file", "the file is empty");
  if (file.size > limit.maxBytes) throw new WeChatValidationError("file", `file too large (${file.size} bytes): ${limit.rule}`);
}

export function assertMediaType(type: string): asserts type is MediaType {
  if (!(MEDIA_TYPES as readonly string[]).includes(type)) {
    throw new WeChatValidationError("type", `invalid media type ${type}: 分别有图片（image）、语音（voice）、视频（video）和缩略图（thumb）`);
  }
}

/** A multipart form with the file under `media`, the field name WeChat reads. */
export function mediaForm(file: Blob, filename: string, extra: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.append("media", file, filename);
  for (const [key, value] of Object.entries(extra)) form.append(key, value);
  return form;
}
