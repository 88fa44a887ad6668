import { getOpsOverview } from "@/lib/admin-ops";
import { respond } from "@/lib/api-response";
import { requireAdmin } from "@/lib/admin-access";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** WeChat's callback and API IP lists and the daily quotas of the APIs the app uses. */
export function GET(request: Request): Promise<Response> {
  return respond("admin ops", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    return Response.json(await getOpsOverview());
  });
}
