import { respond } from "@/lib/http/api-response";
import { getCurrentUser } from "@/lib/wiring/auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The signed-in user's profile; 401 when signed out. Never any token. */
export function GET(): Promise<Response> {
  return respond("me", async () => {
    const user = await getCurrentUser();
    return user ? Response.json(user) : Response.json({ error: "unauthenticated" }, { status: 401 });
  });
}
