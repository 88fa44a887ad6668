import { MAX_DRAFT_BODY_BYTES, parseDraftSave } from "@/lib/console/menu/drafts";
import { jsonError } from "@/lib/http/api-response";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The autosaved, unpublished menu draft: `{ draft: { menu, base, revision, updatedAt } | null }`. */
export const GET = adminRoute("admin menu draft", async ({ services }) => Response.json({ draft: await services.menu.draft() }));

/**
 * Saves the draft: `{ menu: { button }, base: { button } | null, revision: <last saved> | null }`
 * → 200 `{ revision, updatedAt }`; 409 `draft_conflict` with the stored `draft` when another
 * tab saved since (or the draft was published or discarded).
 */
export const PUT = adminRoute("admin menu draft", { body: "json", maxBytes: MAX_DRAFT_BODY_BYTES, required: true }, async ({ body, services }) => {
  const parsed = parseDraftSave(body);
  if (!parsed.ok) return jsonError(400, parsed.error, { message: parsed.message });
  const result = await services.menu.saveDraft(parsed.value);
  if ("conflict" in result) return jsonError(409, "draft_conflict", { draft: result.conflict.revision === 0 ? null : result.conflict });
  return Response.json({ revision: result.saved.revision, updatedAt: result.saved.updatedAt });
});

/** Discards the draft → 200 { ok: true }. */
export const DELETE = adminRoute("admin menu draft", async ({ services }) => {
  await services.menu.discardDraft();
  return Response.json({ ok: true });
});
