import { jsonError } from "@/lib/http/api-response";
import { CLEAR_QUOTA_PER_MONTH } from "@wxmp/wechat/api/operations";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Resets every API's daily count: body `{ confirm: true }` (a reset is one of
 * CLEAR_QUOTA_PER_MONTH a month, so it is never done by accident) → `{ ok: true, monthlyLimit }`;
 * the month's resets used up → 409 `{ error: "monthly_limit_reached", monthlyLimit }`.
 */
export const POST = adminRoute("admin clear quota", { body: "json" }, async ({ body, services }) => {
  if (!body || typeof body !== "object" || (body as { confirm?: unknown }).confirm !== true) {
    return jsonError(400, "confirmation_required", { detail: `body { "confirm": true }: at most ${CLEAR_QUOTA_PER_MONTH} resets a month` });
  }
  const result = await services.ops.clearQuota();
  if (!result.ok) return jsonError(409, result.reason, { monthlyLimit: CLEAR_QUOTA_PER_MONTH });
  return Response.json({ ok: true, monthlyLimit: CLEAR_QUOTA_PER_MONTH });
});
