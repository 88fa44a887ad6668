import { respond } from "@/lib/api-response";
import { signOut } from "@/lib/auth-flow";
import { isSameOrigin } from "@/lib/request-guards";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  if (!isSameOrigin(request)) return Promise.resolve(Response.json({ error: "forbidden_origin" }, { status: 403 }));
  return respond("logout", () => signOut());
}
