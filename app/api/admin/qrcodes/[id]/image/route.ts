import { jsonError, respond } from "@/lib/api-response";
import { requireAdmin } from "@/lib/admin-access";
import { fetchQrImage, QR_IMAGE_FILE } from "@/lib/console/qr-channels-app";
import { untrustedFileHeaders } from "@/lib/security/untrusted-file";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The code's image (showqrcode), streamed same-origin as an image whatever upstream labels it,
 * sandboxed; `?download=1` saves it as a file.
 */
export function GET(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond("admin qrcode image", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    const { id } = await ctx.params;
    if (!/^[0-9a-f-]{36}$/i.test(id)) return jsonError(400, "invalid_id");
    const image = await fetchQrImage(id);
    if (image === "unknown") return jsonError(404, "not_found");
    if (image === "gone") return jsonError(410, "qrcode_expired", { message: "WeChat no longer serves this code (expired)" });
    const download = new URL(request.url).searchParams.get("download") === "1";
    const filename = `qrcode-${image.scene.replace(/[^\w.-]+/g, "_")}.png`;
    return new Response(image.body, {
      headers: {
        ...untrustedFileHeaders(image.contentType, QR_IMAGE_FILE),
        "cache-control": "private, max-age=3600",
        ...(download ? { "content-disposition": `attachment; filename="${filename}"` } : {}),
      },
    });
  });
}
