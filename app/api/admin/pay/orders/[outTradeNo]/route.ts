import { requestedAccount } from "@/lib/accounts/console-account";
import { adminRoute } from "@/lib/wiring/admin-route";
import { withPay } from "@/lib/wiring/pay";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One order of the selected account with its refunds and timeline; another account's: 404. */
export const GET = adminRoute<{ outTradeNo: string }>("admin pay order", ({ request, params }) =>
  withPay("admin pay order", async (pay, payFor) => {
    const appId = requestedAccount(request);
    return Response.json(await (appId ? payFor(appId) : pay).orderDetail(params.outTradeNo));
  }),
);
