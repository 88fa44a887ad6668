import { forceRefreshTokens } from "@/lib/console/tokens/service";
import { respond } from "@/lib/api-response";
import { requireAdmin } from "@/lib/admin-access";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return respond("admin refresh", async () => (await requireAdmin(request)) ?? Response.json(await forceRefreshTokens()));
}
