import { respond } from "@/lib/api-response";
import { completeAuthorization } from "@/lib/auth-flow";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond("oauth callback", () => completeAuthorization(request));
}
