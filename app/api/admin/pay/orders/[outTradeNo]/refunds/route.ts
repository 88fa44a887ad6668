import { adminRoute } from "@/lib/wiring/admin-route";
import { withPay } from "@/lib/wiring/pay";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** `{ amount, reason? }` in fen → 202; more than is left → 400 before WeChat Pay is called. */
export const POST = adminRoute<{ outTradeNo: string }>("admin pay refund", { body: "json", maxBytes: 1024, required: true }, ({ params, body }) =>
  withPay("admin pay refund", async (pay) => Response.json(await pay.refund(params.outTradeNo, (body ?? {}) as object), { status: 202 })),
);
