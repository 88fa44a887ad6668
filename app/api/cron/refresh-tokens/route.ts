import { refreshTokensIfDue } from "@/lib/console/tokens/service";
import { requireCron } from "@/lib/admin-access";
import { respond } from "@/lib/api-response";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Scheduled refresh ahead of expiry; Vercel Cron sends Authorization: Bearer CRON_SECRET. */
export function GET(request: Request): Promise<Response> {
  return respond("cron refresh", async () => (await requireCron(request)) ?? Response.json({ refreshed: await refreshTokensIfDue() }));
}
