import { jsonError, respond } from "@/lib/api-response";
import { requireAdmin } from "@/lib/admin-access";
import { getDb } from "@/lib/wiring/db";
import { getEnv } from "@/lib/wiring/env";
import { readJsonBody } from "@/lib/security/json-body";
import { applyTagging, parseTaggingRequest } from "@/lib/console/followers/tagging";
import { updateStoredFollowerTags } from "@/lib/console/followers/prisma-tag-store";
import { getWeChatClient } from "@/lib/wiring/wechat";
import { tagUsers, untagUsers } from "@/lib/wechat/api/tags";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
// 500 openids of up to 64 characters, quoted and comma-separated, with room to spare.
const MAX_BODY_BYTES = 48 * 1024;

/**
 * Tags or untags a selection: body `{ tagId, openids: string[] (1–500), action: "tag"|"untag" }`
 * → 200 `{ sent, calls, updated }`; bad input → 400 `{ error: "invalid_request", field, detail }`;
 * a WeChat refusal (e.g. 45059, 20 tags per follower) → 502 with its errcode, chunks before it applied.
 */
export function POST(request: Request): Promise<Response> {
  return respond("admin follower tagging", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    const read = await readJsonBody(request, MAX_BODY_BYTES);
    if (!read.ok) return jsonError(413, "body_too_large", { detail: `at most ${MAX_BODY_BYTES / 1024} KiB` });
    const parsed = parseTaggingRequest(read.value);
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
