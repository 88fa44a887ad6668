import { stateCookie } from "@/lib/console/platform/state-cookie";
import { jsonError } from "@/lib/http/api-response";
import { getPlatformService } from "@/lib/wiring/component";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * 授权新公众号: `{ device?: "pc" | "mobile" }` → `{ url }`, the authorization page with a fresh
 * pre_auth_code; the browser keeps the state it must bring back (HttpOnly cookie).
 */
export const POST = adminRoute("admin platform authorize", { body: "json" }, async ({ body, request }) => {
  const device = body && typeof body === "object" && "device" in body ? (body as { device: unknown }).device : "pc";
  if (device !== "pc" && device !== "mobile") return jsonError(400, "invalid_device", { message: 'device 只能是 "pc" 或 "mobile"' });
  const { url, state } = await (await getPlatformService()).startAuthorization(device);
  const secure = new URL(request.url).protocol === "https:";
  return Response.json({ url }, { headers: { "set-cookie": stateCookie(state, secure), "cache-control": "no-store" } });
});
