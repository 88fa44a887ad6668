/**
 * The follower sync as the console drives it: POST starts (or joins) the one job, GET shows
 * its progress, and either runs a slice of it through `schedule` (Next's `after()`) when the
 * job has no live runner. The job itself is sync.ts; the store, the WeChat client, the clock
 * and ids are injected (lib/wiring builds them).
 */
import { describeError } from "../../logger";
import type { WeChatApiCaller } from "@wxmp/wechat/api-client";
import { batchGetUserInfo, getFollowers } from "@wxmp/wechat/api/users";
import type { Logger } from "@wxmp/wechat/types";
import { resumeIfOrphaned, runSlice, startOrJoin, viewOf, type Claim, type FollowerSyncDeps, type FollowerSyncStore, type SyncJobView } from "./sync";

/**
 * How long one runner works before it frees the lease. On Vercel the work runs in `after()`
 * inside the request's function, which `maxDuration` bounds: a slice ends well inside it, and
 * the console's next status poll (GET) takes the free lease and runs the next slice from the
 * saved cursor. On a long-running server the same polling simply chains the slices.
 */
export const SLICE_BUDGET_MS = 45_000;

/** Runs work after the response (Next's `after`). */
export type Schedule = (work: () => Promise<void>) => void;

export interface FollowerSyncService {
  /** POST: starts the sync, or joins (and if orphaned, continues) the running one. */
  start(schedule: Schedule): Promise<SyncJobView>;
  /** GET: the job's state; a running job nobody runs (dead runner, finished slice) is continued. */
  status(schedule: Schedule): Promise<SyncJobView>;
  /** The job's state alone (the followers page). */
  view(): Promise<SyncJobView>;
}

export interface FollowerSyncServiceDeps {
  appId: string;
  store: FollowerSyncStore;
  client: WeChatApiCaller;
  logger: Logger;
  now: () => number;
  newId: () => string;
}

/** Runs the claimed slice through `schedule`, logging how it ended. */
function runClaimed(d: FollowerSyncDeps, logger: Logger, claim: Claim, schedule: Schedule): void {
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

export function createFollowerSyncService(deps: FollowerSyncServiceDeps): FollowerSyncService {
  const { client, logger } = deps;
  const d: FollowerSyncDeps = {
    appId: deps.appId,
    store: deps.store,
    source: {
      getFollowers: (next) => getFollowers(client, next),
      batchGetUserInfo: (openids) => batchGetUserInfo(client, openids),
    },
    now: deps.now,
    newId: deps.newId,
  };
  const claimed = async (claim: Claim, schedule: Schedule): Promise<SyncJobView> => {
    runClaimed(d, logger, claim, schedule);
    return viewOf(claim.job);
  };
  return {
    start: async (schedule) => claimed(await startOrJoin(d), schedule),
    status: async (schedule) => claimed(await resumeIfOrphaned(d), schedule),
    view: async () => viewOf(await d.store.get(d.appId)),
  };
}
