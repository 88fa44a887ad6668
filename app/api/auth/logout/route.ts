import { respond } from "@/lib/http/api-response";
import { endSession, refuseForeignOrigin } from "@/lib/wiring/auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return respond("logout", async () => refuseForeignOrigin(request) ?? endSession());
}
