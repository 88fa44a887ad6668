import { after } from "next/server";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
// A sync slice runs in after() within this budget (see SLICE_BUDGET_MS).
export const maxDuration = 60;

/** Starts (or joins) the one follower-sync job → 202 { job }. */
export const POST = adminRoute("admin follower sync", async ({ services }) =>
  Response.json({ job: await services.followerSync.start(after) }, { status: 202 }),
);

/** The job's progress { job: { id, status: idle|running|done|failed, done, total, error? } }. */
export const GET = adminRoute("admin follower sync status", async ({ services }) =>
  Response.json({ job: await services.followerSync.status(after) }, { headers: { "cache-control": "no-store" } }),
);
