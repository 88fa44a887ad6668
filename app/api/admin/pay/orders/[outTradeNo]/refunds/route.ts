import { requestedAccount } from "@/lib/accounts/console-account";
import { adminRoute } from "@/lib/wiring/admin-route";
import { withPay } from "@/lib/wiring/pay";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * `{ amount, reason? }` in fen → 202; more than is left → 400 before WeChat Pay is called. Through
 * the selected account's pay service (its client, its merchant); another account's order: 404.
 */
export const POST = adminRoute<{ outTradeNo: string }>("admin pay refund", { body: "json", maxBytes: 1024, required: true }, ({ request, params, body }) =>
  withPay("admin pay refund", async (pay, payFor) => {
    const appId = requestedAccount(request);
    return Response.json(await (appId ? payFor(appId) : pay).refund(params.outTradeNo, (body ?? {}) as object), { status: 202 });
  }),
);
