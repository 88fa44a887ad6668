import { respond } from "@/lib/http/api-response";
import { adminAccess } from "@/lib/wiring/auth";
import { getServices } from "@/lib/wiring/services";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Scheduled refresh ahead of expiry; Vercel Cron sends Authorization: Bearer CRON_SECRET. */
export function GET(request: Request): Promise<Response> {
  return respond("cron refresh", async () => (await adminAccess().requireCron(request)) ?? Response.json({ refreshed: await (await getServices()).tokens.refreshIfDue() }));
}
