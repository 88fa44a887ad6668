import { respond } from "@/lib/http/api-response";
import { adminAccess } from "@/lib/wiring/auth";
import { refreshOtherAccountsIfDue } from "@/lib/wiring/for-account";
import { getServices } from "@/lib/wiring/services";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Scheduled refresh ahead of expiry; Vercel Cron sends Authorization: Bearer CRON_SECRET. Other accounts (docs/accounts.md) under `accounts`. */
export function GET(request: Request): Promise<Response> {
  return respond("cron refresh", async () => {
    const refused = await adminAccess().requireCron(request);
    if (refused) return refused;
    const refreshed = await (await getServices()).tokens.refreshIfDue();
    const accounts = await refreshOtherAccountsIfDue();
    return Response.json(Object.keys(accounts).length > 0 ? { refreshed, accounts } : { refreshed });
  });
}
