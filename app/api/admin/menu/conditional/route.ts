import { jsonError, respond } from "@/lib/api-response";
import { requireAdmin } from "@/lib/admin-access";
import { MAX_MENU_BODY_BYTES, readJsonBody } from "@/lib/security/json-body";
import { getWeChatClient } from "@/lib/wechat-app";
import { addConditionalMenu, findMenuProblem, type Menu } from "@/lib/wechat/api/menu";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** WeChat's tag ids are small non-negative integers; sent as a string, as menu/get returns them. */
const TAG_ID = /^\d{1,9}$/;

/**
 * Adds a conditional menu for the followers carrying one tag: body `{ button, matchrule: { tag_id } }`
 * → 201 `{ menuid }`. A menu breaking WeChat's limits or a missing tag_id is a 400, and WeChat is
 * not called. WeChat itself refuses (65303) while the account has no default menu.
 */
export function POST(request: Request): Promise<Response> {
  return respond("admin conditional menu", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    const read = await readJsonBody(request, MAX_MENU_BODY_BYTES);
    if (!read.ok) return jsonError(413, "body_too_large", { detail: `at most ${MAX_MENU_BODY_BYTES / 1024} KiB` });
    if (read.malformed || read.value === null) return jsonError(400, "invalid_json");
    const body = read.value as { button?: unknown; matchrule?: { tag_id?: unknown } };
    const problem = findMenuProblem(body);
    if (problem) return jsonError(400, "invalid_menu", { path: problem.path, message: problem.message });
    const tagId = body.matchrule?.tag_id;
    if ((typeof tagId !== "string" && typeof tagId !== "number") || !TAG_ID.test(String(tagId))) {
      return jsonError(400, "invalid_matchrule", { path: "matchrule.tag_id", message: "matchrule.tag_id is required: the id of one of the account's tags" });
    }
    const menuid = await addConditionalMenu(await getWeChatClient(), { button: (body as Menu).button, matchrule: { tag_id: String(tagId) } });
    return Response.json({ menuid }, { status: 201 });
  });
}
