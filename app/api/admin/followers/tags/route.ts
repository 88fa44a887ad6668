import { jsonError } from "@/lib/http/api-response";
import { parseTaggingRequest } from "@/lib/console/followers/tagging";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Tags or untags a selection: body `{ tagId, openids: string[] (1–500), action: "tag"|"untag" }`
 * (at most 48 KiB: 500 openids of up to 64 characters, quoted and comma-separated, with room
 * to spare) → 200 `{ sent, calls, updated }`; bad input → 400 `{ error: "invalid_request",
 * field, detail }`; a WeChat refusal (e.g. 45059, 20 tags per follower) → 502 with its
 * errcode, chunks before it applied.
 */
export const POST = adminRoute("admin follower tagging", { body: "json", maxBytes: 48 * 1024 }, async ({ body, services }) => {
  const parsed = parseTaggingRequest(body);
  if ("error" in parsed) return jsonError(400, "invalid_request", { field: parsed.error.field, detail: parsed.error.message });
  return Response.json(await services.followers.tag(parsed.request));
});
