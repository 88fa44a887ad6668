import { respond } from "@/lib/http/api-response";
import { adminAccess } from "@/lib/wiring/auth";
import { withPay } from "@/lib/wiring/pay";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Orders left NOTPAY asked about (expired ones closed), refunds in progress, unsent buyer texts. Bearer CRON_SECRET. */
export function GET(request: Request): Promise<Response> {
  return respond("cron pay reconcile", async () => (await adminAccess().requireCron(request)) ?? withPay("cron pay reconcile", async (pay) => Response.json(await pay.reconcile())));
}
