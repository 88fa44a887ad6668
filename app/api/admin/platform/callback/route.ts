import { answerPlatformCallback } from "@/lib/wiring/component";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Where the authorization page sends the administrator back (`?state=…&auth_code=…&expires_in=600`):
 * state checked against the browser's cookie, api_query_auth, then 303 to the console's 账号
 * screen. Admin only (the session cookie rides the top-level navigation).
 */
export const GET = adminRoute("admin platform callback", async ({ request }) => answerPlatformCallback(request));
