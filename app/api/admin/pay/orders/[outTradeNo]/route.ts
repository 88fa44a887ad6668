import { adminRoute } from "@/lib/wiring/admin-route";
import { withPay } from "@/lib/wiring/pay";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One order with its refunds and timeline. */
export const GET = adminRoute<{ outTradeNo: string }>("admin pay order", ({ params }) =>
  withPay("admin pay order", async (pay) => Response.json(await pay.orderDetail(params.outTradeNo))),
);
