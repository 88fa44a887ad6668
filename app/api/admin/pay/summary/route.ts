import { requestedAccount } from "@/lib/accounts/console-account";
import { adminRoute } from "@/lib/wiring/admin-route";
import { withPay } from "@/lib/wiring/pay";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Totals per Beijing day, `?days=14` (1–90), of the selected account's orders (as the list). */
export const GET = adminRoute("admin pay summary", ({ request }) =>
  withPay("admin pay summary", async (pay, payFor) => {
    const appId = requestedAccount(request);
    return Response.json(await (appId ? payFor(appId) : pay).summary(new URL(request.url).searchParams));
  }),
);
