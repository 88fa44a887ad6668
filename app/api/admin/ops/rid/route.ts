import { jsonError } from "@/lib/http/api-response";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const RID = /^[0-9a-f]{1,32}(-[0-9a-f]{1,32}){1,7}$/i;

/** What WeChat logged for a failed call: body `{ rid }` → `{ request: { invoke_time, cost_in_ms, request_url, request_body, response_body, client_ip } }` (secrets masked). */
export const POST = adminRoute("admin rid", { body: "json" }, async ({ body, services }) => {
  const rid = body && typeof body === "object" ? (body as { rid?: unknown }).rid : undefined;
  if (typeof rid !== "string" || !RID.test(rid)) return jsonError(400, "invalid_rid", { detail: "rid: as in an errmsg, e.g. 6543a1b2-1f2d3c4b-0a1b2c3d" });
  return Response.json({ request: await services.ops.explainRid(rid) });
});
