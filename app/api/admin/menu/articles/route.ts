import { jsonError } from "@/lib/http/api-response";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One page (20) of published articles `{ total, items: [{ articleId, title, updateTime }] }` (?offset=0), for the menu's article_id picker. */
export const GET = adminRoute("admin menu articles", async ({ request, services }) => {
  const offset = Number(new URL(request.url).searchParams.get("offset") ?? 0);
  if (!Number.isInteger(offset) || offset < 0 || offset > 100_000) return jsonError(400, "invalid_offset");
  return Response.json(await services.menu.articles(offset));
});
