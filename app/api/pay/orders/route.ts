import { jsonError } from "@/lib/http/api-response";
import { readJsonBody } from "@/lib/http/json-body";
import { getCurrentUser, refuseForeignOrigin } from "@/lib/wiring/auth";
import { withPay } from "@/lib/wiring/pay";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A JSAPI order for the signed-in buyer: 201 with the getBrandWCPayRequest parameters. */
export function POST(request: Request): Promise<Response> {
  return withPay("pay order", async (pay) => {
    const foreign = refuseForeignOrigin(request);
    if (foreign) return foreign;
    const user = await getCurrentUser();
    if (!user) return jsonError(401, "unauthenticated");
    const body = await readJsonBody(request, 1024);
    if (!body.ok) return jsonError(413, "body_too_large");
    const productId = body.value && typeof body.value === "object" ? (body.value as { productId?: unknown }).productId : undefined;
    return Response.json(await pay.createOrder(user.openid, productId), { status: 201 });
  });
}
