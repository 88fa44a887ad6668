import { respond } from "@/lib/api-response";
import { isSameOrigin } from "@/lib/request-guards";
import { getSession } from "@/lib/session";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return respond("admin logout", async () => {
    if (!isSameOrigin(request)) return Response.json({ error: "forbidden_origin" }, { status: 403 });
    const session = await getSession();
    session.admin = undefined;
    await session.save();
    return new Response(null, { status: 204 });
  });
}
