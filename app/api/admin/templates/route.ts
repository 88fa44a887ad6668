import { listTemplates } from "@/lib/admin-templates";
import { respond } from "@/lib/api-response";
import { requireAdmin } from "@/lib/admin-access";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The account's private templates as WeChat lists them: `{ template_list: [...] }`. */
export function GET(request: Request): Promise<Response> {
  return respond("admin templates", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    return Response.json(await listTemplates());
  });
}
