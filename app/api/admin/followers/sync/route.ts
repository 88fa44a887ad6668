import { after } from "next/server";
import { respond } from "@/lib/api-response";
import { followerSyncStatus, startFollowerSync } from "@/lib/console/followers/sync-service";
import { requireAdmin } from "@/lib/admin-access";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
// A sync slice runs in after() within this budget (see SLICE_BUDGET_MS).
export const maxDuration = 60;

/** Starts (or joins) the one follower-sync job → 202 { job }. */
export function POST(request: Request): Promise<Response> {
  return respond("admin follower sync", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    return Response.json({ job: await startFollowerSync(after) }, { status: 202 });
  });
}

/** The job's progress { job: { id, status: idle|running|done|failed, done, total, error? } }. */
export function GET(request: Request): Promise<Response> {
  return respond("admin follower sync status", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    return Response.json({ job: await followerSyncStatus(after) }, { headers: { "cache-control": "no-store" } });
  });
}
