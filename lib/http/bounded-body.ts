import { readLimited } from "@wxmp/wechat/webhook/web-adapter";

/**
 * A request body of at most `maxBytes`: a declared Content-Length over the cap is refused
 * before reading anything; a body without one is read only up to the cap, then the stream is
 * cancelled. Shared by the JSON bodies read before authentication and the media uploads.
 */
export async function readBoundedBody(request: Request, maxBytes: number): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; status: 413 }> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    return { ok: false, status: 413 };
  }
  const bytes = await readLimited(request.body, maxBytes);
  return bytes ? { ok: true, bytes } : { ok: false, status: 413 };
}
