/**
 * The file behind a video's `down_url` (material/get_material) or `video_url` (media/get),
 * fetched on the server so the browser stays on our origin. The URL comes from an answer,
 * not from us, so it is held to WeChat's media hosts (or the configured stand-in): any other
 * host — a loopback or internal address included — is refused before connecting, and a
 * redirect is followed only while it stays on them. The timeout covers the wait for the
 * answer's headers, not the stream after it: a long video keeps streaming.
 * Framework-free: the host rule and fetch are injected.
 */
import { WeChatHttpError, WeChatTimeoutError } from "@wxmp/wechat/errors";

/** Tencent's media hosts (the CDNs down_url and video_url point at): qq.com and qpic.cn, and their subdomains. */
export const WECHAT_MEDIA_HOST = /(^|\.)(qq\.com|qpic\.cn)$/i;

/** WeChat's media hosts, and the origins of a configured stand-in (the simulator) when WeChat's own are not used. */
export function mediaHostRule(standInOrigins: readonly string[]): (url: URL) => boolean {
  return (url) => WECHAT_MEDIA_HOST.test(url.hostname) || standInOrigins.includes(url.origin);
}

export type VideoDownloadOptions = {
  /** Whether a URL (already http or https) may be fetched. */
  allowed: (url: URL) => boolean;
  /** For the connection and the answer's headers. */
  timeoutMs: number;
  fetch?: typeof fetch;
  /** Default 3. */
  maxRedirects?: number;
};

const ENDPOINT = "video download";

function allowedUrl(raw: string, base: URL | undefined, o: VideoDownloadOptions): URL {
  let url: URL | undefined;
  try {
    url = new URL(raw, base);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || !o.allowed(url)) {
    throw new WeChatHttpError(0, `${ENDPOINT}: host not allowed`, { cause: new Error(`refused ${url?.host ?? "an unreadable URL"}`) });
  }
  return url;
}

/** Waits for the headers only: the timer is cleared once they arrive. */
async function fetchHeaders(url: URL, o: VideoDownloadOptions): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), o.timeoutMs);
  try {
    return await (o.fetch ?? fetch)(url, { signal: controller.signal, redirect: "manual" });
  } catch (error) {
    if (controller.signal.aborted) throw new WeChatTimeoutError(o.timeoutMs, ENDPOINT);
    throw new WeChatHttpError(0, ENDPOINT, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** The upstream answer's body and headers (a 2xx); redirects followed on allowed hosts only. */
export async function openVideoDownload(rawUrl: string, o: VideoDownloadOptions): Promise<{ body: ReadableStream<Uint8Array>; headers: Headers }> {
  let url = allowedUrl(rawUrl, undefined, o);
  for (let redirects = 0; ; redirects++) {
    const res = await fetchHeaders(url, o);
    const location = res.status >= 300 && res.status < 400 ? res.headers.get("location") : null;
    if (location === null) {
      if (!res.ok || !res.body) throw new WeChatHttpError(res.status, ENDPOINT);
      return { body: res.body, headers: res.headers };
    }
    void res.body?.cancel();
    if (redirects >= (o.maxRedirects ?? 3)) throw new WeChatHttpError(res.status, `${ENDPOINT}: too many redirects`);
    url = allowedUrl(location, url, o);
  }
}
