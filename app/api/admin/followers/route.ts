import { jsonError } from "@/lib/http/api-response";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One page of followers with details: ?next_openid=&limit=100 (1–100)[&tagid=N: only that tag's followers]. */
export const GET = adminRoute("admin followers", async ({ request, services }) => {
  const params = new URL(request.url).searchParams;
  const limit = Number(params.get("limit") ?? 100);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return jsonError(400, "invalid_limit", { detail: "limit must be 1-100" });
  const next = params.get("next_openid") ?? "";
  if (!/^[A-Za-z0-9_-]{0,64}$/.test(next)) return jsonError(400, "invalid_next_openid");
  const tagid = params.get("tagid");
  if (tagid === null) return Response.json(await services.followers.listLive(next || undefined, limit));
  if (!/^\d{1,9}$/.test(tagid)) return jsonError(400, "invalid_tagid", { detail: "tagid must be a tag id (a non-negative integer)" });
  const page = await services.followers.listLiveByTag(Number(tagid), next || undefined, limit);
  return page ? Response.json(page) : jsonError(404, "unknown_tag");
});
