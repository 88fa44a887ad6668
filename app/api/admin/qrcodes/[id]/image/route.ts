import { QR_IMAGE_FILE } from "@/lib/console/qrcodes/service";
import { jsonError } from "@/lib/http/api-response";
import { untrustedFileHeaders } from "@/lib/http/untrusted-file";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The code's image (showqrcode), streamed same-origin as an image whatever upstream labels it,
 * sandboxed; `?download=1` saves it as a file.
 */
export const GET = adminRoute<{ id: string }>("admin qrcode image", async ({ request, params, services }) => {
  if (!/^[0-9a-f-]{36}$/i.test(params.id)) return jsonError(400, "invalid_id");
  const image = await services.qrcodes.image(params.id);
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
