import { jsonError, respond } from "@/lib/api-response";
import { requireAdmin } from "@/lib/admin-access";
import { deleteMediaMaterial, MEDIA_ID_PATTERN, openMediaPreview } from "@/lib/console/media-library";
import { untrustedFileHeaders } from "@/lib/security/untrusted-file";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ mediaId: string }> };

/** Only these render inline; anything else is offered as a download, so no upload can run as a page of ours. */
const PREVIEW_FILE = { inline: /^(image\/(png|jpeg|gif|bmp|webp)|audio\/[\w.+-]+|video\/[\w.+-]+)$/ };

/**
 * The file behind a media_id, streamed from WeChat (material/get_material, or media/get with
 * `?temporary=1`) for the console's preview. The access_token never reaches the browser.
 */
export function GET(request: Request, ctx: Ctx): Promise<Response> {
  return respond("admin media preview", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    const { mediaId } = await ctx.params;
    if (!MEDIA_ID_PATTERN.test(mediaId)) return jsonError(400, "invalid_media_id");
    const temporary = new URL(request.url).searchParams.get("temporary") === "1";
    const preview = await openMediaPreview(mediaId, temporary);
    if (preview.kind === "news") return jsonError(415, "not_a_file", { message: "a news material has no file to preview" });
    return new Response(preview.body, {
      headers: {
        ...untrustedFileHeaders(preview.contentType, PREVIEW_FILE),
        ...(preview.contentLength ? { "content-length": String(preview.contentLength) } : {}),
        "cache-control": "private, max-age=300",
      },
    });
  });
}

/** Deletes a permanent material (material/del_material) → 200 { ok: true }. */
export function DELETE(request: Request, ctx: Ctx): Promise<Response> {
  return respond("admin media delete", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    const { mediaId } = await ctx.params;
    if (!MEDIA_ID_PATTERN.test(mediaId)) return jsonError(400, "invalid_media_id");
    await deleteMediaMaterial(mediaId);
    return Response.json({ ok: true });
  });
}
