import { runCallbackCheck } from "@/lib/admin-ops";
import { jsonError, respond } from "@/lib/api-response";
import { requireAdmin } from "@/lib/admin-access";
import { readJsonBody } from "@/lib/security/json-body";
import { isCallbackCheckAction, isCallbackCheckOperator } from "@/lib/wechat/api/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Asks WeChat to resolve and reach the server URL; body `{ action?: all|dns|ping, operator?: CHINANET|UNICOM|CAP|DEFAULT }`. */
export function POST(request: Request): Promise<Response> {
  return respond("admin callback check", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    const read = await readJsonBody(request);
    if (!read.ok) return jsonError(413, "body_too_large", { detail: "at most 16 KiB" });
    if (read.malformed) return jsonError(400, "invalid_json");
    // No body: every check from the default operator.
    const body = read.value ?? {};
    if (!body || typeof body !== "object" || Array.isArray(body)) return jsonError(400, "invalid_body");
    const { action = "all", operator = "DEFAULT" } = body as { action?: unknown; operator?: unknown };
    if (!isCallbackCheckAction(action)) return jsonError(400, "invalid_action", { detail: "action: all, dns or ping" });
    if (!isCallbackCheckOperator(operator)) {
      return jsonError(400, "invalid_operator", { detail: "operator: CHINANET, UNICOM, CAP or DEFAULT" });
    }
    return Response.json(await runCallbackCheck(action, operator));
  });
}
