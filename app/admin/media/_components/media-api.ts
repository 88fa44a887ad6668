import { describeApiError } from "../../_components/admin-api";

/** Browser-side calls of the media library (admin session cookie; no token in any URL). */

export type MediaKind = "image" | "voice" | "video" | "thumb";

export interface MaterialItem {
  media_id: string;
  name?: string;
  update_time: number;
  url?: string;
}

export interface MaterialPage {
  total_count: number;
  item_count: number;
  item: MaterialItem[];
}

export interface Uploaded {
  mediaId: string;
  type: MediaKind;
  url?: string;
}

export type Outcome<T> = { ok: true; data: T } | { ok: false; status: number; message: string };

const UPLOAD_ERRORS: Record<string, string> = {
  body_too_large: "文件太大：最大 10MB（缩略图 64KB，语音 2MB）。",
  file_too_large: "文件太大：最大 10MB（缩略图 64KB，语音 2MB）。",
  invalid_form: "上传内容格式不正确。",
};

function describe(status: number, body: unknown): string {
  const b = (body && typeof body === "object" ? body : {}) as { error?: unknown; message?: unknown };
  if (status === 413 && b.error === "file_too_large" && typeof b.message === "string") return `文件太大：${b.message}。`;
  if (status === 413) return UPLOAD_ERRORS.body_too_large!;
  if (status === 400 && b.error === "invalid_media" && typeof b.message === "string") return `文件不符合微信的要求：${b.message}`;
  if (typeof b.error === "string" && UPLOAD_ERRORS[b.error]) return UPLOAD_ERRORS[b.error]!;
  return describeApiError(status, body);
}

export async function mediaRequest<T>(path: string, method: "GET" | "DELETE" = "GET"): Promise<Outcome<T>> {
  let res: Response;
  try {
    res = await fetch(path, { method, credentials: "same-origin", cache: "no-store" });
  } catch {
    return { ok: false, status: 0, message: "网络连接失败，请检查网络后重试。" };
  }
  const body: unknown = await res.json().catch(() => null);
  return res.ok ? { ok: true, data: body as T } : { ok: false, status: res.status, message: describe(res.status, body) };
}

/**
 * Uploads with XMLHttpRequest, the one browser API that reports upload progress.
 * `onProgress` gets 0..1.
 */
export function uploadMedia(form: FormData, onProgress: (fraction: number) => void): Promise<Outcome<Uploaded>> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    // The kind in the URL lets the server refuse an oversize file by its declared length, before reading it.
    xhr.open("POST", `/api/admin/media?type=${encodeURIComponent(String(form.get("type")))}&permanent=${form.get("permanent") === "1" ? 1 : 0}`);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        // not JSON: described by status
      }
      if (xhr.status === 201) resolve({ ok: true, data: body as Uploaded });
      else resolve({ ok: false, status: xhr.status, message: describe(xhr.status, body) });
    };
    xhr.onerror = () => resolve({ ok: false, status: 0, message: "上传中断：网络连接失败，请重试。" });
    xhr.send(form);
  });
}

/** Same-origin preview of a media_id (streamed by the server; never a WeChat URL). */
export const previewHref = (mediaId: string, temporary = false): string =>
  `/api/admin/media/${encodeURIComponent(mediaId)}${temporary ? "?temporary=1" : ""}`;

/** A media_id short enough to scan: its first and last characters (the full one is copied). */
export const shortMediaId = (mediaId: string): string => (mediaId.length > 14 ? `${mediaId.slice(0, 6)}…${mediaId.slice(-6)}` : mediaId);
