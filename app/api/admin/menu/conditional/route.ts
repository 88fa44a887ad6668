import { MAX_MENU_BODY_BYTES } from "@/lib/console/menu/service";
import { jsonError } from "@/lib/http/api-response";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Adds a conditional menu for the followers carrying one tag: body `{ button, matchrule: { tag_id } }`
 * → 201 `{ menuid }`. A menu breaking WeChat's limits or a missing tag_id is a 400, and WeChat is
 * not called. WeChat itself refuses (65303) while the account has no default menu.
 */
export const POST = adminRoute(
  "admin conditional menu",
  { body: "json", maxBytes: MAX_MENU_BODY_BYTES, required: true },
  async ({ body, services }) => {
    const result = await services.menu.addConditional(body);
    if ("refused" in result) return jsonError(400, result.refused, { path: result.path, message: result.message });
    return Response.json({ menuid: result.menuid }, { status: 201 });
  },
);
