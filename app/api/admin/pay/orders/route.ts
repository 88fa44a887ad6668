import { adminRoute } from "@/lib/wiring/admin-route";
import { withPay } from "@/lib/wiring/pay";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Orders by status and Beijing day, newest first, with totals. */
export const GET = adminRoute("admin pay orders", ({ request }) =>
  withPay("admin pay orders", async (pay) => Response.json(await pay.listOrders(new URL(request.url).searchParams))),
);
