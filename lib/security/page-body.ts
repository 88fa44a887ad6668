/**
 * Pages take no request bodies (the app has no Server Actions; forms post to /api). Next copies
 * a page request's body for proxy.ts up to `proxyClientMaxBodySize` (default 10 MiB, held until
 * the request ends): next.config.js sets it to this, proxy.ts answers 413 past it, and the fast
 * entry refuses such a request before reading a byte.
 */

/** 1 KiB: nothing a page needs, nothing that adds up under load. Kept equal to next.config.js. */
export const MAX_PAGE_BODY_BYTES = 1024;

/**
 * Whether a request to a page path brings more body than a page takes: a declared length over
 * the cap, or a body of undeclared length (chunked), which cannot be judged before reading.
 */
export function isOversizedPageBody(contentLength: string | null | undefined, transferEncoding: string | null | undefined): boolean {
  if (transferEncoding) return true;
  if (contentLength === null || contentLength === undefined || contentLength === "") return false;
  const declared = Number(contentLength);
  return !Number.isFinite(declared) || declared > MAX_PAGE_BODY_BYTES;
}
