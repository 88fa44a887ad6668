import { withPay } from "@/lib/wiring/pay";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The catalogue, priced in fen on the server. */
export function GET(): Promise<Response> {
  return withPay("pay products", async (pay) => Response.json(pay.products()));
}
