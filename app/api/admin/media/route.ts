import { maxBytesOf } from "@/lib/console/media/file-check";
import { isMediaType, MAX_MEDIA_UPLOAD_BYTES } from "@/lib/console/media/service";
import { jsonError } from "@/lib/http/api-response";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Room for the multipart framing and a video's title and introduction. */
const FRAMING_BYTES = 64 * 1024;

const upload = (maxBytes: number, expected?: { type: string; permanent: boolean }) =>
  adminRoute("admin media", { body: "multipart", maxBytes }, async ({ body, services }) => {
    // The bound came from the query: the form must be the upload the query announced.
    if (expected && (body.get("type") !== expected.type || (body.get("permanent") === "1") !== expected.permanent)) {
      return jsonError(400, "invalid_media", { field: "type", message: "the form's type/permanent differ from the query's" });
    }
    const uploaded = await services.media.upload(body);
    if ("refused" in uploaded) return jsonError(uploaded.tooLarge ? 413 : 400, uploaded.tooLarge ? "file_too_large" : "invalid_media", uploaded.refused);
    return Response.json(uploaded, { status: 201 });
  });

const anyUpload = upload(MAX_MEDIA_UPLOAD_BYTES);
/** One handler per kind and storage, bounded by that kind's limit (a 3 MB voice is refused before it is read). */
const byKind = new Map<string, ReturnType<typeof upload>>(
  (["image", "voice", "video", "thumb"] as const).flatMap((type) =>
    [true, false].map((permanent) => [`${type}:${permanent ? 1 : 0}`, upload(maxBytesOf(type, permanent) + FRAMING_BYTES, { type, permanent })] as const),
  ),
);

/**
 * Multipart `file`, `type`, `permanent` (1/0), `title`/`introduction` for a permanent video
 * → 201 { mediaId, type, url? }. A body over the largest allowed file (10 MB) plus framing is
 * refused with 413 before it is read; with `?type=…&permanent=1|0` in the URL (the console
 * sends it), over that kind's limit. The file's size, extension and first bytes (magic
 * numbers) are checked before anything goes to WeChat: 413 `file_too_large`, 400 `invalid_media`.
 */
export function POST(request: Request, ctx: { params: Promise<Record<string, never>> }): Promise<Response> {
  const query = new URL(request.url).searchParams;
  const type = query.get("type");
  // An unknown type gets the general bound; the form's own type is then checked (and refused) as usual.
  const handler = (type !== null && byKind.get(`${type}:${query.get("permanent") === "1" ? 1 : 0}`)) || anyUpload;
  return handler(request, ctx);
}

/** One page (20) of permanent material: ?type=image&offset=0. */
export const GET = adminRoute("admin media", async ({ request, services }) => {
  const params = new URL(request.url).searchParams;
  const type = params.get("type") ?? "image";
  const offset = Number(params.get("offset") ?? 0);
  if (!isMediaType(type)) return jsonError(400, "invalid_type", { message: "type must be image, voice, video or thumb" });
  if (!Number.isInteger(offset) || offset < 0) return jsonError(400, "invalid_offset");
  return Response.json(await services.media.list(type, offset));
});
