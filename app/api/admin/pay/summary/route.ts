import { adminRoute } from "@/lib/wiring/admin-route";
import { withPay } from "@/lib/wiring/pay";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Totals per Beijing day, `?days=14` (1–90). */
export const GET = adminRoute("admin pay summary", ({ request }) =>
  withPay("admin pay summary", async (pay) => Response.json(await pay.summary(new URL(request.url).searchParams))),
);
