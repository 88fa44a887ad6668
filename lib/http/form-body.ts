import { readBoundedBody } from "./bounded-body";

export type BoundedForm = { ok: true; form: FormData } | { ok: false; status: 400 | 413 };

/**
 * Reads a multipart body of at most `maxBytes`: a declared Content-Length over it is refused
 * before reading anything; a body without one is read only up to the cap. 400 for a body
 * that is no multipart form.
 */
export async function readBoundedForm(request: Request, maxBytes: number): Promise<BoundedForm> {
  const contentType = request.headers.get("content-type") ?? "";
  const declared = Number(request.headers.get("content-length") ?? "0");
  const multipart = contentType.toLowerCase().startsWith("multipart/form-data");
  // An oversized declaration is refused first, whatever its type.
  if (!(Number.isFinite(declared) && declared > maxBytes) && (!request.body || !multipart)) return { ok: false, status: 400 };
  const read = await readBoundedBody(request, maxBytes);
  if (!read.ok) return read;
  try {
    return { ok: true, form: await new Response(Buffer.from(read.bytes), { headers: { "content-type": contentType } }).formData() };
  } catch {
    return { ok: false, status: 400 };
  }
}
