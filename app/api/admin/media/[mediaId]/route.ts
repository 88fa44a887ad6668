import { MEDIA_ID_PATTERN } from "@/lib/console/media/service";
import { jsonError } from "@/lib/http/api-response";
import { untrustedFileHeaders } from "@/lib/http/untrusted-file";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Only these render inline; anything else is offered as a download, so no upload can run as a page of ours. */
const PREVIEW_FILE = { inline: /^(image\/(png|jpeg|gif|bmp|webp)|audio\/[\w.+-]+|video\/[\w.+-]+)$/ };

/**
 * The file behind a media_id, streamed from WeChat (material/get_material, or media/get with
 * `?temporary=1`) for the console's preview. The access_token never reaches the browser.
 */
export const GET = adminRoute<{ mediaId: string }>("admin media preview", async ({ request, params, services }) => {
  if (!MEDIA_ID_PATTERN.test(params.mediaId)) return jsonError(400, "invalid_media_id");
  const temporary = new URL(request.url).searchParams.get("temporary") === "1";
  const preview = await services.media.preview(params.mediaId, temporary);
  if (preview.kind === "news") return jsonError(415, "not_a_file", { message: "a news material has no file to preview" });
  return new Response(preview.body, {
    headers: {
      ...untrustedFileHeaders(preview.contentType, PREVIEW_FILE),
      ...(preview.contentLength ? { "content-length": String(preview.contentLength) } : {}),
      "cache-control": "private, max-age=300",
    },
  });
});

/** Deletes a permanent material (material/del_material) → 200 { ok: true }. */
export const DELETE = adminRoute<{ mediaId: string }>("admin media delete", async ({ params, services }) => {
  if (!MEDIA_ID_PATTERN.test(params.mediaId)) return jsonError(400, "invalid_media_id");
  await services.media.remove(params.mediaId);
  return Response.json({ ok: true });
});
