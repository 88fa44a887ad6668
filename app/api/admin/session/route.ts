import { getEnv } from "@/lib/env";
import { respond } from "@/lib/api-response";
import { refuseCrossOrigin } from "@/lib/request-guards";
import { getSession } from "@/lib/session";
import { safeEqual } from "@/lib/wechat/signature";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The dashboard presents the admin token once; the sealed session remembers it (never localStorage). */
export function POST(request: Request): Promise<Response> {
  return respond("admin session", async () => {
    const crossOrigin = refuseCrossOrigin(request);
    if (crossOrigin) return crossOrigin;
    const body = (await request.json().catch(() => null)) as { token?: unknown } | null;
    const token = typeof body?.token === "string" ? body.token : "";
    if (!token || !safeEqual(token, getEnv().adminToken)) return Response.json({ error: "invalid_admin_token" }, { status: 401 });
    const session = await getSession();
    session.isAdmin = true;
    await session.save();
    return new Response(null, { status: 204 });
  });
}
