import { requestedAccount } from "@/lib/accounts/console-account";
import { adminRoute } from "@/lib/wiring/admin-route";
import { withPay } from "@/lib/wiring/pay";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The orders of the account the console has selected (adminRoute has already refused an unknown
 * or retired one), by status and Beijing day, newest first, with totals.
 */
export const GET = adminRoute("admin pay orders", ({ request }) =>
  withPay("admin pay orders", async (pay, payFor) => {
    const appId = requestedAccount(request);
    return Response.json(await (appId ? payFor(appId) : pay).listOrders(new URL(request.url).searchParams));
  }),
);
