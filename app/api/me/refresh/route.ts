import { jsonError, respondPublic } from "@/lib/api-response";
import { refuseCrossOrigin } from "@/lib/request-guards";
import { getSession } from "@/lib/session";
import { refreshUserProfile } from "@/lib/user-profile-refresh";
import { getCurrentUser } from "@/lib/users";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Re-reads the signed-in user's WeChat profile with their stored OAuth tokens (renewed with
 * the refresh_token when needed). 401 `reauth_required` means: sign in again. Open to every
 * follower: a WeChat failure answers without WeChat's errmsg (respondPublic).
 */
export function POST(request: Request): Promise<Response> {
  return respondPublic("profile refresh", async () => {
    const crossOrigin = refuseCrossOrigin(request);
    if (crossOrigin) return crossOrigin;
    const session = await getSession();
    if (!session.openid) return jsonError(401, "unauthenticated");
    const result = await refreshUserProfile(session.openid);
    if (!result.ok) {
      if (result.reason === "base_scope") return jsonError(409, "base_scope", { detail: "sign in with snsapi_userinfo to get a profile" });
      return jsonError(401, "reauth_required");
    }
    return Response.json(await getCurrentUser());
  });
}
