import { jsonError, respond } from "@/lib/http/api-response";
import { requireAdmin } from "@/lib/auth/admin-access";
import { MAX_MEDIA_UPLOAD_BYTES, readBoundedForm } from "@/lib/console/media/service";
import { getWeChatClient } from "@/lib/wiring/wechat";
import { WeChatValidationError } from "@/lib/wechat/errors";
import { addMaterial, batchGetMaterial } from "@/lib/wechat/api/material";
import { MEDIA_TYPES, uploadTemporaryMedia, type MediaType } from "@/lib/wechat/api/media";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const isMediaType = (v: unknown): v is MediaType => typeof v === "string" && (MEDIA_TYPES as readonly string[]).includes(v);

/**
 * Multipart `file`, `type`, `permanent` (1/0), `title`/`introduction` for a permanent video
 * → 201 { mediaId, type, url? }. A body over the largest allowed file (10 MB) plus framing is
 * refused with 413 before it is read.
 */
export function POST(request: Request): Promise<Response> {
  return respond("admin media", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    const read = await readBoundedForm(request, MAX_MEDIA_UPLOAD_BYTES);
    if (!read.ok && read.status === 413) return jsonError(413, "body_too_large", { detail: `at most ${MAX_MEDIA_UPLOAD_BYTES} bytes` });
    if (!read.ok) return jsonError(400, "invalid_form", { message: "expected multipart/form-data" });
    const form = read.form;
    const file = form.get("file");
    const type = form.get("type");
    if (!(file instanceof File)) return jsonError(400, "invalid_media", { field: "file", message: "file is required" });
    if (!isMediaType(type)) return jsonError(400, "invalid_media", { field: "type", message: "type must be image, voice, video or thumb" });
    const permanent = form.get("permanent") === "1";
    try {
      const client = await getWeChatClient();
      const media = { file, filename: file.name };
      if (!permanent) {
        const up = await uploadTemporaryMedia(client, type, media);
        return Response.json({ mediaId: up.mediaId, type }, { status: 201 });
      }
      const added =
        type === "video"
          ? await addMaterial(client, { type, ...media, title: String(form.get("title") ?? ""), introduction: String(form.get("introduction") ?? "") })
          : await addMaterial(client, { type, ...media });
      return Response.json({ mediaId: added.mediaId, type, ...(added.url ? { url: added.url } : {}) }, { status: 201 });
    } catch (error) {
      if (error instanceof WeChatValidationError) return jsonError(400, "invalid_media", { field: error.field, message: error.message });
      throw error;
    }
  });
}

/** One page (20) of permanent material: ?type=image&offset=0. */
export function GET(request: Request): Promise<Response> {
  return respond("admin media", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    const params = new URL(request.url).searchParams;
    const type = params.get("type") ?? "image";
    const offset = Number(params.get("offset") ?? 0);
    if (!isMediaType(type)) return jsonError(400, "invalid_type", { message: "type must be image, voice, video or thumb" });
    if (!Number.isInteger(offset) || offset < 0) return jsonError(400, "invalid_offset");
    return Response.json(await batchGetMaterial(await getWeChatClient(), { type, offset }));
  });
}
