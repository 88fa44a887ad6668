import { respond } from "@/lib/http/api-response";
import { refuseForeignOrigin } from "@/lib/wiring/auth";
import { getSession } from "@/lib/wiring/session";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Ends the admin session (the rest of the session stays). */
export function POST(request: Request): Promise<Response> {
  return respond("admin logout", async () => {
    const crossOrigin = refuseForeignOrigin(request);
    if (crossOrigin) return crossOrigin;
    const session = await getSession();
    session.admin = undefined;
    await session.save();
    return new Response(null, { status: 204 });
  });
}
