import { refreshTokensIfDue } from "@/lib/admin";
import { respond } from "@/lib/api-response";
import { getEnv } from "@/lib/env";
import { hasBearer } from "@/lib/request-guards";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Scheduled refresh ahead of expiry; Vercel Cron sends Authorization: Bearer CRON_SECRET. */
export function GET(request: Request): Promise<Response> {
  return respond("cron refresh", async () => {
    const env = getEnv();
    if (!hasBearer(request, env.cronSecret, env.adminToken)) return Response.json({ error: "unauthorized" }, { status: 401 });
    return Response.json({ refreshed: await refreshTokensIfDue() });
  });
}
