/**
 * What a file really is, from its first bytes (magic numbers), and whether it may go to
 * WeChat as the chosen kind of media: the same check in the browser (before uploading) and
 * on the server (before anything is sent to WeChat). WeChat judges a file by its extension
 * only, so a text file named .png would be stored as a broken picture; an oversize file is
 * refused by size alone, without reading it. No server imports: used by client components.
 */
import { extensionOf, PERMANENT_MATERIAL_LIMITS, TEMPORARY_MEDIA_LIMITS, type MediaType } from "../../wechat/api/media-limits";

export type FileFormat = "png" | "jpeg" | "gif" | "bmp" | "mp3" | "amr" | "wav" | "wma" | "mp4";

/** Bytes to read from the start of a file to tell its format. */
export const SNIFF_BYTES = 16;

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0): boolean => bytes.every((b, i) => head[at + i] === b);
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/** The format the first bytes announce, or null when none we accept. */
export function sniffFormat(head: Uint8Array): FileFormat | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(head, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(head, ascii("GIF87a")) || startsWith(head, ascii("GIF89a"))) return "gif";
  if (startsWith(head, ascii("BM")) && head.length >= 14) return "bmp";
  if (startsWith(head, ascii("#!AMR"))) return "amr";
  if (startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WAVE"), 8)) return "wav";
  // ASF header object GUID (WMA).
  if (startsWith(head, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11])) return "wma";
  if (startsWith(head, ascii("ftyp"), 4)) return "mp4";
  // An ID3 tag, or an MPEG audio frame sync (11 set bits).
  if (startsWith(head, ascii("ID3")) || (head[0] === 0xff && head[1] !== undefined && (head[1] & 0xe0) === 0xe0)) return "mp3";
  return null;
}

const FORMAT_OF_EXTENSION: Record<string, FileFormat> = { png: "png", jpg: "jpeg", jpeg: "jpeg", gif: "gif", bmp: "bmp", mp3: "mp3", amr: "amr", wav: "wav", wma: "wma", mp4: "mp4" };

const KIND_NAME: Record<MediaType, string> = { image: "图片", voice: "语音", video: "视频", thumb: "缩略图" };

/** A refused file: 413 when too large (told by size alone), 400 when not what its name and kind say. */
export type FileRefusal = { status: 400 | 413; field: "file" | "filename"; message: string };

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)}MB` : `${Math.ceil(bytes / 1024)}KB`;
}

/** The largest file of this kind, in bytes. */
export const maxBytesOf = (type: MediaType, permanent: boolean): number => (permanent ? PERMANENT_MATERIAL_LIMITS : TEMPORARY_MEDIA_LIMITS)[type].maxBytes;

/** The size and name alone: refuses before any byte is read. */
export function checkFileSize(file: { name: string; size: number }, type: MediaType, permanent: boolean): FileRefusal | null {
  const limit = (permanent ? PERMANENT_MATERIAL_LIMITS : TEMPORARY_MEDIA_LIMITS)[type];
  const ext = extensionOf(file.name);
  if (!limit.extensions.includes(ext)) {
    return { status: 400, field: "filename", message: `${KIND_NAME[type]}只支持 ${limit.extensions.join("/")} 格式${ext ? `，不支持 .${ext}` : "（文件名没有扩展名）"}` };
  }
  if (file.size === 0) return { status: 400, field: "file", message: "文件是空的" };
  if (file.size > limit.maxBytes) return { status: 413, field: "file", message: `文件 ${formatSize(file.size)}，${KIND_NAME[type]}最大 ${formatSize(limit.maxBytes)}` };
  return null;
}

/** The whole check: size and name, then the first bytes must be the format the extension names. */
export function checkFile(file: { name: string; size: number }, head: Uint8Array, type: MediaType, permanent: boolean): FileRefusal | null {
  const bySize = checkFileSize(file, type, permanent);
  if (bySize) return bySize;
  const claimed = FORMAT_OF_EXTENSION[extensionOf(file.name)];
  const actual = sniffFormat(head);
  if (actual !== claimed) {
    const what = actual ? `${actual.toUpperCase()} 文件` : "不是可识别的图片、音频或视频";
    return { status: 400, field: "file", message: `文件内容与扩展名不符：“${file.name}”实际${actual ? `是 ${what}` : what}` };
  }
  return null;
}
