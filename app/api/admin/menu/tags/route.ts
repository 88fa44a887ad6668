import { respond } from "@/lib/api-response";
import { requireAdmin } from "@/lib/admin-access";
import { getWeChatClient } from "@/lib/wiring/wechat";
import { getTags } from "@/lib/wechat/api/tags";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The account's tags `{ tags: [{ id, name, count }] }`, for the conditional menu's match rule. */
export function GET(request: Request): Promise<Response> {
  return respond("admin menu tags", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    return Response.json({ tags: await getTags(await getWeChatClient()) });
  });
}
