import { sendCustomerServiceText } from "@/lib/console/tokens/service";
import { jsonError, respond } from "@/lib/api-response";
import { requireAdmin } from "@/lib/admin-access";
import { readJsonBody } from "@/lib/security/json-body";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Sends a customer-service text to a follower: JSON { openid, content }. */
export function POST(request: Request): Promise<Response> {
  return respond("admin message", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    const read = await readJsonBody(request);
    if (!read.ok) return jsonError(413, "body_too_large", { detail: "at most 16 KiB" });
    const body = read.value as { openid?: unknown; content?: unknown } | null;
    const openid = typeof body?.openid === "string" ? body.openid.trim() : "";
    const content = typeof body?.content === "string" ? body.content : "";
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(openid)) return jsonError(400, "invalid_openid");
    if (!content.trim() || content.length > 2000) return jsonError(400, "invalid_content", { detail: "1-2000 characters" });
    await sendCustomerServiceText(openid, content);
    return Response.json({ ok: true });
  });
}
