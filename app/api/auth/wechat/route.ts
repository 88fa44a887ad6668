import { respond } from "@/lib/http/api-response";
import { startSignIn } from "@/lib/wiring/auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  // A WeChat error met for `?appid=` is that account's (运维, 概览).
  return respond("oauth start", () => startSignIn(request), { account: new URL(request.url).searchParams.get("appid") });
}
