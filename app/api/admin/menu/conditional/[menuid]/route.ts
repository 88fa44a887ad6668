import { jsonError, respond } from "@/lib/api-response";
import { requireAdmin } from "@/lib/admin-access";
import { getWeChatClient } from "@/lib/wiring/wechat";
import { deleteConditionalMenu } from "@/lib/wechat/api/menu";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Deletes one conditional menu by the menuid GET /api/admin/menu lists; an unknown id is WeChat's 65301 (502). */
export function DELETE(request: Request, { params }: { params: Promise<{ menuid: string }> }): Promise<Response> {
  return respond("admin conditional menu", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    const { menuid } = await params;
    if (!/^\d{1,20}$/.test(menuid)) return jsonError(400, "invalid_menuid", { message: "menuid must be the number GET /api/admin/menu lists" });
    await deleteConditionalMenu(await getWeChatClient(), menuid);
    return Response.json({ ok: true });
  });
}
