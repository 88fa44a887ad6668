import { jsonError, respondPublic } from "@/lib/http/api-response";
import { signJsSdkPageOf } from "@/lib/wiring/for-account";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Signs wx.config for a page of one of our origins (fragment ignored). Open to anyone: no WeChat errmsg in failures. */
export function GET(request: Request): Promise<Response> {
  return respondPublic("jssdk config", async () => {
    const params = new URL(request.url).searchParams;
    // `?appid=`: a page of another account of this deployment (its own jsapi_ticket).
    const result = await signJsSdkPageOf(params.get("appid"), params.get("url"));
    if (!result) return jsonError(404, "unknown_account");
    if (!result.ok) {
      return result.reason === "invalid_url"
        ? jsonError(400, "invalid_url", { detail: "url must be an absolute http(s) page URL" })
        : jsonError(403, "origin_not_allowed", { detail: "this origin is not APP_URL or in JSSDK_ALLOWED_ORIGINS" });
    }
    const { appId, timestamp, nonceStr, signature } = result.config;
    return Response.json({ appId, timestamp, nonceStr, signature });
  });
}
