import { isMediaType, MAX_MEDIA_UPLOAD_BYTES } from "@/lib/console/media/service";
import { jsonError } from "@/lib/http/api-response";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Multipart `file`, `type`, `permanent` (1/0), `title`/`introduction` for a permanent video
 * → 201 { mediaId, type, url? }. A body over the largest allowed file (10 MB) plus framing is
 * refused with 413 before it is read.
 */
export const POST = adminRoute("admin media", { body: "multipart", maxBytes: MAX_MEDIA_UPLOAD_BYTES }, async ({ body, services }) => {
  const uploaded = await services.media.upload(body);
  if ("refused" in uploaded) return jsonError(400, "invalid_media", uploaded.refused);
  return Response.json(uploaded, { status: 201 });
});

/** One page (20) of permanent material: ?type=image&offset=0. */
export const GET = adminRoute("admin media", async ({ request, services }) => {
  const params = new URL(request.url).searchParams;
  const type = params.get("type") ?? "image";
  const offset = Number(params.get("offset") ?? 0);
  if (!isMediaType(type)) return jsonError(400, "invalid_type", { message: "type must be image, voice, video or thumb" });
  if (!Number.isInteger(offset) || offset < 0) return jsonError(400, "invalid_offset");
  return Response.json(await services.media.list(type, offset));
});
