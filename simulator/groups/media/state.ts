/**
 * Temporary media (kept 3 days) and permanent material the simulator holds,
 * with the upload limits of the docs. Written from the docs (not from lib/).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html
 */
import { randomBytes } from "node:crypto";
import { defineState } from "../../core/account";

export type SimMediaType = "image" | "voice" | "video" | "thumb";

export interface SimMedia {
  mediaId: string;
  type: SimMediaType;
  permanent: boolean;
  filename: string;
  contentType: string;
  data: Buffer;
  createdAt: number;
  /** Permanent videos only. */
  title?: string;
  introduction?: string;
  /** Permanent images and uploadimg: where the image is served. */
  url?: string;
  /** From media/uploadimg: served by URL only, never valid as a media_id. */
  articleImage?: boolean;
}

interface Limit {
  maxBytes: number;
  extensions: string[];
}

const MB = 1024 * 1024;
export const TEMP_LIMITS: Record<SimMediaType, Limit> = {
  image: { maxBytes: 10 * MB, extensions: ["png", "jpeg", "jpg", "gif"] },
  voice: { maxBytes: 2 * MB, extensions: ["amr", "mp3"] },
  video: { maxBytes: 10 * MB, extensions: ["mp4"] },
  thumb: { maxBytes: 64 * 1024, extensions: ["jpg", "jpeg"] },
};
export const PERMANENT_LIMITS: Record<SimMediaType, Limit> = {
  image: { maxBytes: 10 * MB, extensions: ["bmp", "png", "jpeg", "jpg", "gif"] },
  voice: { maxBytes: 2 * MB, extensions: ["mp3", "wma", "wav", "amr"] },
  video: { maxBytes: 10 * MB, extensions: ["mp4"] },
  thumb: { maxBytes: 64 * 1024, extensions: ["jpg", "jpeg"] },
};
export const UPLOADIMG_LIMIT: Limit = { maxBytes: 1 * MB, extensions: ["jpg", "jpeg", "png"] };
/** Temporary media disappear 3 days after upload. */
const TEMP_MEDIA_TTL_MS = 3 * 24 * 3600_000;

const CONTENT_TYPES: Record<string, string> = {
  png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", bmp: "image/bmp",
  mp3: "audio/mpeg", amr: "audio/amr", wma: "audio/x-ms-wma", wav: "audio/wav", mp4: "video/mp4",
};

export function extension(filename: string): string {
  const dot = filename.lastIndexOf(".");
  return dot > 0 && dot < filename.length - 1 ? filename.slice(dot + 1).toLowerCase() : "";
}

/** 0 when the file fits; else 40005 (no extension), 40113 (wrong format) or 45001 (too large). */
export function fileErrcode(limit: Limit, filename: string, size: number): number {
  const ext = extension(filename);
  if (!ext) return 40005;
  if (!limit.extensions.includes(ext)) return 40113;
  if (size === 0) return 41005;
  return size > limit.maxBytes ? 45001 : 0;
}

export class MediaState {
  readonly items = new Map<string, SimMedia>();

  constructor(private readonly now: () => number) {}

  add(input: Omit<SimMedia, "mediaId" | "createdAt" | "contentType">): SimMedia {
    // WeChat's media ids are 64 characters of base64-ish text.
    const mediaId = randomBytes(48).toString("base64url");
    const media: SimMedia = { ...input, mediaId, createdAt: this.now(), contentType: CONTENT_TYPES[extension(input.filename)] ?? "application/octet-stream" };
    this.items.set(mediaId, media);
    return media;
  }

  /** A temporary media still within its 3 days, or a permanent material. */
  get(mediaId: string, permanent: boolean): SimMedia | undefined {
    const media = this.items.get(mediaId);
    if (!media || media.permanent !== permanent || media.articleImage) return undefined;
    if (!permanent && this.now() - media.createdAt >= TEMP_MEDIA_TTL_MS) return undefined;
    return media;
  }

  /** Any valid id a reply or a message may use (temporary or permanent). */
  usable(mediaId: string): SimMedia | undefined {
    return this.get(mediaId, false) ?? this.get(mediaId, true);
  }

  permanentOf(type: SimMediaType): SimMedia[] {
    return [...this.items.values()].filter((m) => m.permanent && m.type === type).reverse();
  }
}

/** Each account's media, made on first use. */
export const mediaState = defineState("media", (account) => new MediaState(account.now));
