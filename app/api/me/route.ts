import { respond } from "@/lib/http/api-response";
import { getCurrentUser } from "@/lib/wiring/auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The signed-in user's profile; 401 when signed out. Never any token. */
export function GET(request: Request): Promise<Response> {
  return respond("me", async () => {
    // `?appid=`: the user of that account's pages (a session of another account is not theirs).
    const user = await getCurrentUser(new URL(request.url).searchParams.get("appid") ?? undefined);
    return user ? Response.json(user) : Response.json({ error: "unauthenticated" }, { status: 401 });
  });
}
