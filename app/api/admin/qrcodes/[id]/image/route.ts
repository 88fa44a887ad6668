import { jsonError } from "@/lib/http/api-response";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The code's image, drawn from the URL it encodes: PNG (`?size=print` for a print file) or
 * `?format=svg`; `?download=1` saves it as a file. 410 for an expired temporary code.
 */
export const GET = adminRoute<{ id: string }>("admin qrcode image", async ({ request, params, services }) => {
  if (!/^[0-9a-f-]{36}$/i.test(params.id)) return jsonError(400, "invalid_id");
  const query = new URL(request.url).searchParams;
  const format = query.get("format") ?? "png";
  const size = query.get("size") ?? "preview";
  if (format !== "png" && format !== "svg") return jsonError(400, "invalid_format", { message: "format is png or svg" });
  if (size !== "preview" && size !== "print") return jsonError(400, "invalid_size", { message: "size is preview or print" });
  const image = await services.qrcodes.image(params.id, { format, size });
  if (image === "unknown") return jsonError(404, "not_found");
  if (image === "gone") return jsonError(410, "qrcode_expired", { message: "this temporary code has expired" });
  const download = query.get("download") === "1";
  const filename = `qrcode-${image.scene.replace(/[^\w.-]+/g, "_")}${size === "print" ? "-print" : ""}.${format}`;
  return new Response(image.body as BodyInit, {
    headers: {
      "content-type": image.contentType,
      // Drawn by us, but an SVG is still a document: no scripts, no sniffing (its own inline
      // styles only). A PNG gets the media preview's policy unchanged.
      "content-security-policy": format === "svg" ? "default-src 'none'; style-src 'unsafe-inline'; sandbox" : "default-src 'none'; sandbox",
      "x-content-type-options": "nosniff",
      "cache-control": "private, max-age=3600",
      ...(download ? { "content-disposition": `attachment; filename="${filename}"` } : {}),
    },
  });
});
