import { jsonError, respond } from "@/lib/api-response";
import { requireAdmin } from "@/lib/admin-access";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { applyTagging, parseTaggingRequest } from "@/lib/follower-tagging";
import { updateStoredFollowerTags } from "@/lib/stores/prisma-follower-tags";
import { getWeChatClient } from "@/lib/wechat-app";
import { tagUsers, untagUsers } from "@/lib/wechat/api/tags";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Tags or untags a selection: body `{ tagId, openids: string[] (1–500), action: "tag"|"untag" }`
 * → 200 `{ sent, calls, updated }`; bad input → 400 `{ error: "invalid_request", field, detail }`.
 */
export function POST(request: Request): Promise<Response> {
  return respond("admin follower tagging", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    const body: unknown = await request.json().catch(() => undefined);
    const parsed = parseTaggingRequest(body);
    if ("error" in parsed) return jsonError(400, "invalid_request", { field: parsed.error.field, detail: parsed.error.message });
    const [client, db] = await Promise.all([getWeChatClient(), getDb()]);
    const appId = getEnv().appId;
    const result = await applyTagging(
      {
        tag: (tagId, openids) => tagUsers(client, tagId, openids),
        untag: (tagId, openids) => untagUsers(client, tagId, openids),
        updateStored: (tagId, openids, action) => updateStoredFollowerTags(db, appId, tagId, openids, action),
      },
      parsed.request,
    );
    return Response.json(result);
  });
}
