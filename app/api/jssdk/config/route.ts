import { jsonError, respondPublic } from "@/lib/http/api-response";
import { signJsSdkPage } from "@/lib/wiring/wechat";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Signs wx.config for a page of one of our origins (fragment ignored). Open to anyone: no WeChat errmsg in failures. */
export function GET(request: Request): Promise<Response> {
  return respondPublic("jssdk config", async () => {
    const result = await signJsSdkPage(new URL(request.url).searchParams.get("url"));
    if (!result.ok) {
      return result.reason === "invalid_url"
        ? jsonError(400, "invalid_url", { detail: "url must be an absolute http(s) page URL" })
        : jsonError(403, "origin_not_allowed", { detail: "this origin is not APP_URL or in JSSDK_ALLOWED_ORIGINS" });
    }
    const { appId, timestamp, nonceStr, signature } = result.config;
    return Response.json({ appId, timestamp, nonceStr, signature });
  });
}
