/**
 * Reads a JSON request body with a size cap, before anyone is authenticated: a declared
 * Content-Length over the cap is refused without reading; a streamed body is read only up to
 * the cap, then the stream is cancelled.
 */

/** 16 KiB: far above any admin request, far below what could tie up memory. */
export const MAX_JSON_BODY_BYTES = 16 * 1024;

export type JsonBody = { ok: true; value: unknown } | { ok: false; status: 413 };

/** The parsed body (`null` when empty or not JSON), or `{ ok: false, status: 413 }`. */
export async function readJsonBody(request: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<JsonBody> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    return { ok: false, status: 413 };
  }
  if (!request.body) return { ok: true, value: null };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, status: 413 };
    }
    chunks.push(value);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown };
  } catch {
    return { ok: true, value: null };
  }
}
