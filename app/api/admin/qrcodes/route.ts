import { parseQrCodeRequest } from "@/lib/console/qrcodes/service";
import { jsonError } from "@/lib/http/api-response";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Creates a QR code with a string scene and stores it, so the webhook can count its scans:
 * `{ scene, permanent?, expireSeconds? }` → 201 { id, scene, permanent, ticket, url, imageUrl, expiresAt };
 * a scene that already has a working code → 409 scene_exists with that code's `existingId`.
 */
export const POST = adminRoute("admin qrcodes", { body: "json", required: true }, async ({ body, services }) => {
  const parsed = parseQrCodeRequest(body);
  if (!parsed.ok) return jsonError(400, parsed.error, { message: parsed.message });
  const created = await services.qrcodes.create(parsed.value);
  if ("refused" in created) return jsonError(400, "invalid_qrcode", created.refused);
  if ("existing" in created) {
    return jsonError(409, "scene_exists", { message: `场景值“${created.existing.scene}”已有二维码`, existingId: created.existing.id, existing: created.existing });
  }
  return Response.json(created, { status: 201 });
});

/** The stored codes, newest first, with scans and new followers (total and per Beijing day). */
export const GET = adminRoute("admin qrcodes", async ({ services }) => Response.json(await services.qrcodes.list()));
