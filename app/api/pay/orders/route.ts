import { jsonError } from "@/lib/http/api-response";
import { readJsonBody } from "@/lib/http/json-body";
import { getSessionBuyer, refuseForeignOrigin } from "@/lib/wiring/auth";
import { withPay } from "@/lib/wiring/pay";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A JSAPI order for the signed-in buyer, for the account of their session: 201 with the getBrandWCPayRequest parameters. */
export function POST(request: Request): Promise<Response> {
  return withPay("pay order", async (_pay, payFor) => {
    const foreign = refuseForeignOrigin(request);
    if (foreign) return foreign;
    const buyer = await getSessionBuyer();
    if (!buyer) return jsonError(401, "unauthenticated");
    const body = await readJsonBody(request, 1024);
    if (!body.ok) return jsonError(413, "body_too_large");
    const productId = body.value && typeof body.value === "object" ? (body.value as { productId?: unknown }).productId : undefined;
    return Response.json(await payFor(buyer.appId).createOrder(buyer.user.openid, productId), { status: 201 });
  });
}
