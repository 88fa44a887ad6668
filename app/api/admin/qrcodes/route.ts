import { jsonError, respond } from "@/lib/api-response";
import { getEnv } from "@/lib/env";
import { requireAdmin } from "@/lib/admin-access";
import { getWeChatClient } from "@/lib/wechat-app";
import { WeChatValidationError } from "@/lib/wechat/errors";
import { createQrCode, SHOWQRCODE_URL, showQrCodeUrl } from "@/lib/wechat/api/qrcode";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const DEFAULT_API_BASE = "https://api.weixin.qq.com";

/**
 * Creates a QR code with a string scene. The list with scan counts (GET) is
 * the admin console's job: it needs the webhook to record scans exactly once.
 */
export function POST(request: Request): Promise<Response> {
  return respond("admin qrcodes", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    let body: { scene?: unknown; permanent?: unknown; expireSeconds?: unknown };
    try {
      body = (await request.json()) as typeof body;
    } catch {
      return jsonError(400, "invalid_json");
    }
    if (!body || typeof body.scene !== "string") return jsonError(400, "invalid_scene", { message: "scene must be a string" });
    if (body.expireSeconds !== undefined && typeof body.expireSeconds !== "number") {
      return jsonError(400, "invalid_expire_seconds", { message: "expireSeconds must be a number" });
    }
    const permanent = body.permanent === true;
    try {
      const client = await getWeChatClient();
      const created = Date.now();
      const ticket = permanent
        ? await createQrCode(client, { permanent: true, scene: body.scene })
        : await createQrCode(client, { scene: body.scene, expireSeconds: body.expireSeconds ?? 2_592_000 });
      // The simulator (or a proxy) serves showqrcode beside the API; WeChat serves it from mp.weixin.qq.com.
      const apiBase = getEnv().apiBaseUrl.replace(/\/+$/, "");
      const imageBase = apiBase === DEFAULT_API_BASE ? SHOWQRCODE_URL : `${apiBase}/cgi-bin/showqrcode`;
      const expiresAt = ticket.expireSeconds !== undefined ? new Date(created + ticket.expireSeconds * 1000).toISOString() : null;
      return Response.json(
        { id: ticket.ticket, scene: body.scene, permanent, ticket: ticket.ticket, url: ticket.url, imageUrl: showQrCodeUrl(ticket.ticket, imageBase), expiresAt },
        { status: 201 },
      );
    } catch (error) {
      if (error instanceof WeChatValidationError) return jsonError(400, "invalid_qrcode", { field: error.field, message: error.message });
      throw error;
    }
  });
}
