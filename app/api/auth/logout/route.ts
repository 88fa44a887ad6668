import { respond } from "@/lib/http/api-response";
import { endSession } from "@/lib/wiring/auth";
import { refuseCrossOrigin } from "@/lib/http/request-guards";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return respond("logout", async () => refuseCrossOrigin(request) ?? endSession());
}
