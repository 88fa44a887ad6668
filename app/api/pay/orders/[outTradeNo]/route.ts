import { jsonError } from "@/lib/http/api-response";
import { adminAccess, getSessionBuyer } from "@/lib/wiring/auth";
import { deferAfterResponse, withPay } from "@/lib/wiring/pay";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The buyer's own order, or any with admin authentication (a Bearer token, or an admin session
 * when no buyer is signed in). Someone else's order is 404, as an unknown one.
 */
export function GET(request: Request, ctx: { params: Promise<{ outTradeNo: string }> }): Promise<Response> {
  return withPay("pay order status", async (defaultPay, payFor) => {
    const { outTradeNo } = await ctx.params;
    const buyer = request.headers.has("authorization") ? null : await getSessionBuyer();
    let viewer: string | null;
    let pay = defaultPay;
    if (buyer) {
      viewer = buyer.user.openid;
      pay = payFor(buyer.appId);
    } else {
      const admin = await adminAccess().authenticate(request);
      if (admin instanceof Response) return request.headers.has("authorization") ? admin : jsonError(401, "unauthenticated");
      viewer = null;
    }
    const order = await pay.getOrder(outTradeNo, viewer, deferAfterResponse);
    return order ? Response.json(order) : jsonError(404, "not_found");
  });
}
