import { jsonError } from "@/lib/http/api-response";
import { parseCustomerServiceText } from "@/lib/console/messages/service";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Sends a customer-service text to a follower: JSON { openid, content (1–2000 characters) }. */
export const POST = adminRoute("admin message", { body: "json" }, async ({ body, services }) => {
  const parsed = parseCustomerServiceText(body);
  if (!parsed.ok) return jsonError(400, parsed.error, parsed.error === "invalid_content" ? { detail: "1-2000 characters" } : {});
  await services.messages.sendText(parsed.value);
  return Response.json({ ok: true });
});
