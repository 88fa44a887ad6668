import { MAX_MENU_BODY_BYTES } from "@/lib/console/menu/service";
import { jsonError } from "@/lib/http/api-response";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The default menu (null when none) and the conditional menus, match rules with tag_id. */
export const GET = adminRoute("admin menu", async ({ services }) => Response.json(await services.menu.read()));

/** Replaces the default menu; a menu breaking WeChat's limits is a 400 naming the first problem, and WeChat is not called. */
export const PUT = adminRoute("admin menu", { body: "json", maxBytes: MAX_MENU_BODY_BYTES, required: true }, async ({ body, services }) => {
  const result = await services.menu.publish(body);
  if ("refused" in result) return jsonError(400, result.refused, { path: result.path, message: result.message });
  return Response.json({ ok: true });
});

/** Removes the default menu and every conditional menu. */
export const DELETE = adminRoute("admin menu", async ({ services }) => {
  await services.menu.removeAll();
  return Response.json({ ok: true });
});
