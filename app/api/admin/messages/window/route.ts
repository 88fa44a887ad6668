import { jsonError } from "@/lib/http/api-response";
import { isConsoleOpenid } from "@/lib/console/messages/service";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A follower's customer-service window: `?openid=` → { window, now } (lib/console/messages/window.ts). */
export const GET = adminRoute("admin message window", async ({ request, services }) => {
  const openid = new URL(request.url).searchParams.get("openid")?.trim() ?? "";
  if (!isConsoleOpenid(openid)) return jsonError(400, "invalid_openid");
  return Response.json({ window: await services.messages.window(openid), now: Date.now() });
});
