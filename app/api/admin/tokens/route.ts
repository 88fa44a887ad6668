import { getTokenHealth } from "@/lib/console/tokens/service";
import { respond } from "@/lib/api-response";
import { requireAdmin } from "@/lib/admin-access";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** access_token / jsapi_ticket health — never the values. */
export function GET(request: Request): Promise<Response> {
  return respond("admin tokens", async () => (await requireAdmin(request)) ?? Response.json(await getTokenHealth()));
}
