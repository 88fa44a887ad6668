import { jsonError, respondPublic } from "@/lib/http/api-response";
import { getCurrentUser, refreshProfile, refuseForeignOrigin } from "@/lib/wiring/auth";
import { getSession } from "@/lib/wiring/session";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Re-reads the signed-in user's WeChat profile with their stored OAuth tokens (renewed with
 * the refresh_token when needed), through the OAuth settings of the account they signed in to. 401 `reauth_required` means: sign in again. Open to every
 * follower: a WeChat failure answers without WeChat's errmsg (respondPublic).
 */
export function POST(request: Request): Promise<Response> {
  return respondPublic("profile refresh", async () => {
    const crossOrigin = refuseForeignOrigin(request);
    if (crossOrigin) return crossOrigin;
    const session = await getSession();
    if (!session.openid) return jsonError(401, "unauthenticated");
    const result = await refreshProfile(session.openid, session.appId);
    if (!result.ok) {
      if (result.reason === "base_scope") return jsonError(409, "base_scope", { detail: "sign in with snsapi_userinfo to get a profile" });
      return jsonError(401, "reauth_required");
    }
    return Response.json(await getCurrentUser(session.appId));
  });
}
