import { jsonError } from "@/lib/http/api-response";
import { parseSearchParams } from "@/lib/console/followers/search";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The recipient pickers: `?q=&offset=0&limit=10` → `{ items: [{ openid, name, remark, nickname, tags }], total, nextOffset }`. */
export const GET = adminRoute("admin followers search", async ({ request, services }) => {
  const parsed = parseSearchParams(new URL(request.url).searchParams);
  if (!parsed.ok) return jsonError(400, "invalid_query", { detail: parsed.detail });
  return Response.json(await services.followers.search(parsed.text, parsed.offset, parsed.limit));
});
