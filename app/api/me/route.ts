import { respond } from "@/lib/http/api-response";
import { getCurrentUser } from "@/lib/wiring/auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The signed-in user's profile; 401 when signed out. Never any token. */
export function GET(request: Request): Promise<Response> {
  // `?appid=`: the user of that account's pages (a session of another account is not theirs).
  const appId = new URL(request.url).searchParams.get("appid");
  return respond(
    "me",
    async () => {
      const user = await getCurrentUser(appId ?? undefined);
      return user ? Response.json(user) : Response.json({ error: "unauthenticated" }, { status: 401 });
    },
    { account: appId },
  );
}
