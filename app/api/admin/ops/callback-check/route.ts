import { jsonError } from "@/lib/http/api-response";
import { isCallbackCheckAction, isCallbackCheckOperator } from "@wxmp/wechat/api/operations";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Asks WeChat to resolve and reach the server URL; body `{ action?: all|dns|ping, operator?: CHINANET|UNICOM|CAP|DEFAULT }`. */
export const POST = adminRoute("admin callback check", { body: "json" }, async ({ body: read, services }) => {
  // No body: every check from the default operator.
  const body = read ?? {};
  if (typeof body !== "object" || Array.isArray(body)) return jsonError(400, "invalid_body");
  const { action = "all", operator = "DEFAULT" } = body as { action?: unknown; operator?: unknown };
  if (!isCallbackCheckAction(action)) return jsonError(400, "invalid_action", { detail: "action: all, dns or ping" });
  if (!isCallbackCheckOperator(operator)) return jsonError(400, "invalid_operator", { detail: "operator: CHINANET, UNICOM, CAP or DEFAULT" });
  return Response.json(await services.ops.callbackCheck(action, operator));
});
