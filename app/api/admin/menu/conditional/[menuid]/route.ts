import { jsonError } from "@/lib/http/api-response";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Deletes one conditional menu by the menuid GET /api/admin/menu lists; an unknown id is WeChat's 65301 (502). */
export const DELETE = adminRoute<{ menuid: string }>("admin conditional menu", async ({ params, services }) => {
  if (!/^\d{1,20}$/.test(params.menuid)) return jsonError(400, "invalid_menuid", { message: "menuid must be the number GET /api/admin/menu lists" });
  await services.menu.removeConditional(params.menuid);
  return Response.json({ ok: true });
});
