/**
 * Reads a JSON request body with a size cap — before anyone is authenticated, and on every
 * admin route after it: a declared
 * Content-Length over the cap is refused without reading; a streamed body is read only up to
 * the cap, then the stream is cancelled.
 */
import { readBoundedBody } from "./bounded-body";

/** 16 KiB: far above any admin request, far below what could tie up memory. */
export const MAX_JSON_BODY_BYTES = 16 * 1024;

/** A full menu (3 buttons of 5, each with a 1024-byte url, a 128-byte key, an appid and a pagepath) stays near 32 KiB. */
export const MAX_MENU_BODY_BYTES = 64 * 1024;

/** `malformed` is set when the body is there but is not JSON (routes that say `invalid_json` need it). */
export type JsonBody = { ok: true; value: unknown; malformed?: true } | { ok: false; status: 413 };

/** The parsed body (`null` when empty or not JSON), or `{ ok: false, status: 413 }`. */
export async function readJsonBody(request: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<JsonBody> {
  const read = await readBoundedBody(request, maxBytes);
  if (!read.ok) return read;
  const text = Buffer.from(read.bytes).toString("utf8");
  if (text.trim() === "") return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: true, value: null, malformed: true };
  }
}
