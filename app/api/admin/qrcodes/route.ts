import { jsonError, respond } from "@/lib/api-response";
import { requireAdmin } from "@/lib/admin-access";
import { createChannelQrCode, listChannelQrCodes } from "@/lib/console/qr-channels-app";
import { readJsonBody } from "@/lib/security/json-body";
import { WeChatValidationError } from "@/lib/wechat/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Creates a QR code with a string scene and stores it, so the webhook can count its scans:
 * 201 { id, scene, permanent, ticket, url, imageUrl, expiresAt }.
 */
export function POST(request: Request): Promise<Response> {
  return respond("admin qrcodes", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    const read = await readJsonBody(request);
    if (!read.ok) return jsonError(413, "body_too_large", { detail: "at most 16 KiB" });
    if (read.malformed || read.value === null) return jsonError(400, "invalid_json");
    const body = read.value as { scene?: unknown; permanent?: unknown; expireSeconds?: unknown };
    if (!body || typeof body.scene !== "string") return jsonError(400, "invalid_scene", { message: "scene must be a string" });
    if (body.permanent !== undefined && typeof body.permanent !== "boolean") {
      return jsonError(400, "invalid_permanent", { message: "permanent must be a boolean" });
    }
    if (body.expireSeconds !== undefined && typeof body.expireSeconds !== "number") {
      return jsonError(400, "invalid_expire_seconds", { message: "expireSeconds must be a number" });
    }
    try {
      const created = await createChannelQrCode({
        scene: body.scene,
        permanent: body.permanent === true,
        ...(body.expireSeconds !== undefined ? { expireSeconds: body.expireSeconds } : {}),
      });
      return Response.json(created, { status: 201 });
    } catch (error) {
      if (error instanceof WeChatValidationError) return jsonError(400, "invalid_qrcode", { field: error.field, message: error.message });
      throw error;
    }
  });
}

/** The stored codes, newest first, with scans and new followers (total and per Beijing day). */
export function GET(request: Request): Promise<Response> {
  return respond("admin qrcodes", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    return Response.json(await listChannelQrCodes());
  });
}
