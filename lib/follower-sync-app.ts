import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "./db";
import { getEnv } from "./env";
import { resumeIfOrphaned, runSlice, startOrJoin, viewOf, type Claim, type FollowerSyncDeps, type SyncJobView } from "./follower-sync";
import { describeError, logger } from "./logger";
import { createPrismaFollowerSyncStore } from "./stores/prisma-follower-sync-store";
import { getWeChatClient } from "./wechat-app";
import { batchGetUserInfo, getFollowers } from "./wechat/api/users";

/**
 * How long one runner works before it frees the lease. On Vercel the work runs in `after()`
 * inside the request's function, which `maxDuration` bounds: a slice ends well inside it, and
 * the console's next status poll (GET) takes the free lease and runs the next slice from the
 * saved cursor. On a long-running server the same polling simply chains the slices.
 */
export const SLICE_BUDGET_MS = 45_000;

async function deps(): Promise<FollowerSyncDeps> {
  const client = await getWeChatClient();
  return {
    appId: getEnv().appId,
    store: createPrismaFollowerSyncStore(await getDb()),
    source: {
      getFollowers: (next) => getFollowers(client, next),
      batchGetUserInfo: (openids) => batchGetUserInfo(client, openids),
    },
    now: Date.now,
    newId: randomUUID,
  };
}

/** Runs the claimed slice through `schedule` (Next's `after`), logging how it ended. */
function runClaimed(d: FollowerSyncDeps, claim: Claim, schedule: (work: () => Promise<void>) => void): void {
  const owner = claim.runAs;
  if (owner === null) return;
  schedule(async () => {
    try {
      const outcome = await runSlice(d, owner, SLICE_BUDGET_MS);
      if (outcome === "failed") logger.warn("follower sync failed", { job: claim.job?.jobId, error: (await d.store.get(d.appId))?.error });
    } catch (error) {
      logger.error("follower sync: slice crashed", describeError(error));
    }
  });
}

/** POST: starts the sync, or joins (and if orphaned, continues) the running one. */
export async function startFollowerSync(schedule: (work: () => Promise<void>) => void): Promise<SyncJobView> {
  const d = await deps();
  const claim = await startOrJoin(d);
  runClaimed(d, claim, schedule);
  return viewOf(claim.job);
}

/** GET: the job's state; a running job nobody runs (dead runner, finished slice) is continued. */
export async function followerSyncStatus(schedule: (work: () => Promise<void>) => void): Promise<SyncJobView> {
  const d = await deps();
  const claim = await resumeIfOrphaned(d);
  runClaimed(d, claim, schedule);
  return viewOf(claim.job);
}
