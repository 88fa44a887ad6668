import { parseQrLabel } from "@/lib/console/qrcodes/service";
import { jsonError } from "@/lib/http/api-response";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Renames a channel code and/or sets its note: `{ name?, note? }` (a string, or null to clear)
 * → 200 the code as listed; 404 for an unknown id. The scene itself is fixed at WeChat.
 */
export const PATCH = adminRoute<{ id: string }>("admin qrcode label", { body: "json", required: true }, async ({ params, body, services }) => {
  if (!/^[0-9a-f-]{36}$/i.test(params.id)) return jsonError(400, "invalid_id");
  const parsed = parseQrLabel(body);
  if (!parsed.ok) return jsonError(400, parsed.error, { message: parsed.message });
  const updated = await services.qrcodes.label(params.id, parsed.value);
  return updated ? Response.json(updated) : jsonError(404, "not_found");
});
