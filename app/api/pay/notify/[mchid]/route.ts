import { answerPayNotification } from "@/lib/wiring/pay";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** An account merchant's notifications: verified with THAT merchant's keys, checked against the order, applied once. */
export async function POST(request: Request, ctx: { params: Promise<{ mchid: string }> }): Promise<Response> {
  return answerPayNotification(request, (await ctx.params).mchid);
}
