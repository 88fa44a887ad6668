/**
 * Reads a JSON request body with a size cap, before anyone is authenticated: a declared
 * Content-Length over the cap is refused without reading; a streamed body is read only up to
 * the cap, then the stream is cancelled.
 */
import { readBoundedBody } from "./bounded-body";

/** 16 KiB: far above any admin request, far below what could tie up memory. */
export const MAX_JSON_BODY_BYTES = 16 * 1024;

export type JsonBody = { ok: true; value: unknown } | { ok: false; status: 413 };

/** The parsed body (`null` when empty or not JSON), or `{ ok: false, status: 413 }`. */
export async function readJsonBody(request: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<JsonBody> {
  const read = await readBoundedBody(request, maxBytes);
  if (!read.ok) return read;
  try {
    return { ok: true, value: JSON.parse(Buffer.from(read.bytes).toString("utf8")) as unknown };
  } catch {
    return { ok: true, value: null };
  }
}
