import { jsonError, respond } from "@/lib/api-response";
import { requireAdmin } from "@/lib/admin-access";
import { MAX_MENU_BODY_BYTES, readJsonBody } from "@/lib/security/json-body";
import { getWeChatClient } from "@/lib/wechat-app";
import { createMenu, deleteMenu, findMenuProblem, getMenu, type Menu } from "@/lib/wechat/api/menu";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The default menu (null when none) and the conditional menus, match rules with tag_id. */
export function GET(request: Request): Promise<Response> {
  return respond("admin menu", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    const { menu, conditional } = await getMenu(await getWeChatClient());
    return Response.json({ menu: menu ? { button: menu.button } : null, conditional });
  });
}

/** Replaces the default menu; a menu breaking WeChat's limits is a 400 naming the first problem, and WeChat is not called. */
export function PUT(request: Request): Promise<Response> {
  return respond("admin menu", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    const read = await readJsonBody(request, MAX_MENU_BODY_BYTES);
    if (!read.ok) return jsonError(413, "body_too_large", { detail: `at most ${MAX_MENU_BODY_BYTES / 1024} KiB` });
    if (read.malformed || read.value === null) return jsonError(400, "invalid_json");
    const body = read.value;
    const problem = findMenuProblem(body);
    if (problem) return jsonError(400, "invalid_menu", { path: problem.path, message: problem.message });
    await createMenu(await getWeChatClient(), { button: (body as Menu).button });
    return Response.json({ ok: true });
  });
}

/** Removes the default menu and every conditional menu. */
export function DELETE(request: Request): Promise<Response> {
  return respond("admin menu", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    await deleteMenu(await getWeChatClient());
    return Response.json({ ok: true });
  });
}
