import { respond } from "@/lib/http/api-response";
import { completeSignIn } from "@/lib/wiring/auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond("oauth callback", () => completeSignIn(request), { account: new URL(request.url).searchParams.get("appid") });
}
