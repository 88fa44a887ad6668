import { answerPayNotification } from "@/lib/wiring/pay";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** WeChat Pay's notifications: verified, decrypted, checked and applied once (lib/pay/notify.ts). */
export function POST(request: Request): Promise<Response> {
  return answerPayNotification(request);
}
