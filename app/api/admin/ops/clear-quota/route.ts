import { clearApiQuota } from "@/lib/admin-ops";
import { jsonError, respond } from "@/lib/api-response";
import { requireAdmin } from "@/lib/admin-access";
import { readJsonBody } from "@/lib/security/json-body";
import { CLEAR_QUOTA_PER_MONTH } from "@/lib/wechat/api/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Resets every API's daily count: body `{ confirm: true }` (a reset is one of
 * CLEAR_QUOTA_PER_MONTH a month, so it is never done by accident) → `{ ok: true, monthlyLimit }`;
 * the month's resets used up → 409 `{ error: "monthly_limit_reached", monthlyLimit }`.
 */
export function POST(request: Request): Promise<Response> {
  return respond("admin clear quota", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    const read = await readJsonBody(request);
    if (!read.ok) return jsonError(413, "body_too_large", { detail: "at most 16 KiB" });
    const body = read.value;
    if (!body || typeof body !== "object" || (body as { confirm?: unknown }).confirm !== true) {
      return jsonError(400, "confirmation_required", { detail: `body { "confirm": true }: at most ${CLEAR_QUOTA_PER_MONTH} resets a month` });
    }
    const result = await clearApiQuota();
    if (!result.ok) return jsonError(409, result.reason, { monthlyLimit: CLEAR_QUOTA_PER_MONTH });
    return Response.json({ ok: true, monthlyLimit: CLEAR_QUOTA_PER_MONTH });
  });
}
