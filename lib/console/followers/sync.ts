/**
 * The follower sync: one resumable background job per account that walks user/get page by
 * page and stores each chunk of 100 user/info/batchget answers as it arrives. Nothing but the
 * current page's openids is held in memory, and the cursor (the page's next_openid plus the
 * position in that page) is saved with every chunk, so a runner that dies — a restart, a
 * serverless instance frozen after its response — loses at most one chunk of work.
 *
 * Framework-free: the store, the WeChat calls and the clock are injected.
 */
import { BATCH_GET_USER_INFO_MAX, type FollowersPage, type UserInfo } from "@wxmp/wechat/api/users";

export type SyncStatus = "running" | "done" | "failed";

/** The job as the store keeps it. */
export interface SyncJobRecord {
  jobId: string;
  status: SyncStatus;
  done: number;
  total: number;
  /** next_openid that fetches the current page ("" = the first page). */
  pageCursor: string;
  /** Openids of that page already stored. */
  pageOffset: number;
  error: string | null;
  leaseOwner: string | null;
  /** Epoch ms. */
  leaseUntil: number | null;
}

/** Where a chunk leaves the job: stored atomically with the chunk's followers. */
export interface SyncProgress {
  done: number;
  total: number;
  pageCursor: string;
  pageOffset: number;
}

/**
 * Persistence of the job. Every method that changes a running job is conditional on `owner`
 * holding the lease, so a runner that lost its lease (it was too slow and another took over)
 * can no longer write.
 */
export interface FollowerSyncStore {
  get(appId: string): Promise<SyncJobRecord | null>;
  /** A new running job with the lease held by `owner`, unless a job is running under a live lease. */
  startNew(appId: string, jobId: string, owner: string, now: number, leaseMs: number): Promise<boolean>;
  /** Takes the lease of a running job when it is free or expired. */
  takeOver(appId: string, owner: string, now: number, leaseMs: number): Promise<boolean>;
  /** Upserts the followers and saves the progress in one transaction; renews the lease. */
  saveChunk(appId: string, owner: string, users: UserInfo[], progress: SyncProgress, now: number, leaseMs: number): Promise<boolean>;
  /** Ends the job (done or failed) and frees the lease. */
  finish(appId: string, owner: string, result: { status: "done" | "failed"; error?: string; total?: number }, now: number): Promise<void>;
  /** Frees the lease of a job that is still running (end of a time slice). */
  release(appId: string, owner: string): Promise<void>;
}

/** The two WeChat calls the job makes (lib/wechat/api/users.ts over a client). */
export interface FollowerSource {
  getFollowers(nextOpenid: string): Promise<FollowersPage>;
  batchGetUserInfo(openids: string[]): Promise<UserInfo[]>;
}

export interface FollowerSyncDeps {
  appId: string;
  store: FollowerSyncStore;
  source: FollowerSource;
  now: () => number;
  /** A fresh id (job ids and lease owners). */
  newId: () => string;
  /** How long a lease lives without a saved chunk; a dead runner is replaced after this. */
  leaseMs?: number;
}

const DEFAULT_LEASE_MS = 30_000;
/** Safety stop should WeChat keep answering with the same cursor. */
const MAX_PAGES = 10_000;

/** The job as the admin API shows it. */
export interface SyncJobView {
  id: string | null;
  status: SyncStatus | "idle";
  done: number;
  total: number;
  error?: string;
}

export function viewOf(job: SyncJobRecord | null): SyncJobView {
  if (!job) return { id: null, status: "idle", done: 0, total: 0 };
  return { id: job.jobId, status: job.status, done: job.done, total: job.total, ...(job.error ? { error: job.error } : {}) };
}

/** What a start or a status check found: the job, and a lease owner when this caller must run it. */
export interface Claim {
  job: SyncJobRecord | null;
  runAs: string | null;
}

/**
 * Starts a new job, or joins the running one. A running job whose lease is free or expired
 * (its runner died or finished a slice) is taken over, so the caller must run it.
 */
export async function startOrJoin(deps: FollowerSyncDeps): Promise<Claim> {
  const owner = deps.newId();
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const current = await deps.store.get(deps.appId);
  if (current?.status === "running") return resumeIfOrphaned(deps);
  if (await deps.store.startNew(deps.appId, deps.newId(), owner, deps.now(), leaseMs)) {
    return { job: await deps.store.get(deps.appId), runAs: owner };
  }
  return resumeIfOrphaned(deps); // another caller started it a moment ago: join that one
}

/** The status check: also takes over a running job nobody is running (GET resumes it). */
export async function resumeIfOrphaned(deps: FollowerSyncDeps): Promise<Claim> {
  const job = await deps.store.get(deps.appId);
  if (job?.status !== "running") return { job, runAs: null };
  const now = deps.now();
  if (job.leaseOwner !== null && job.leaseUntil !== null && job.leaseUntil >= now) return { job, runAs: null };
  const owner = deps.newId();
  const took = await deps.store.takeOver(deps.appId, owner, now, deps.leaseMs ?? DEFAULT_LEASE_MS);
  return { job: await deps.store.get(deps.appId), runAs: took ? owner : null };
}

export type SliceOutcome = "done" | "failed" | "paused" | "lost-lease";

/**
 * Runs the job from its saved cursor until it ends or `budgetMs` has passed (then the lease is
 * freed and the next status check continues it). Errors end the job as failed, with the message.
 */
export async function runSlice(deps: FollowerSyncDeps, owner: string, budgetMs: number = Infinity): Promise<SliceOutcome> {
  const started = deps.now();
  try {
    const job = await deps.store.get(deps.appId);
    if (job?.status !== "running" || job.leaseOwner !== owner) return "lost-lease";
    let progress: SyncProgress = { done: job.done, total: job.total, pageCursor: job.pageCursor, pageOffset: job.pageOffset };
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const page = await deps.source.getFollowers(progress.pageCursor);
      // WeChat repeats a next_openid after the last page; stopping at `total` saves that empty call.
      const reachesTotal = progress.done + page.openids.length - progress.pageOffset >= page.total;
      const last = !page.nextOpenid || page.nextOpenid === progress.pageCursor || reachesTotal;
      progress = { ...progress, total: page.total };
      for (let i = progress.pageOffset; i < page.openids.length; i += BATCH_GET_USER_INFO_MAX) {
        const chunk = page.openids.slice(i, i + BATCH_GET_USER_INFO_MAX);
        const users = await deps.source.batchGetUserInfo(chunk);
        const end = i + chunk.length;
        const pageDone = end >= page.openids.length;
        // The chunk that completes a page moves the cursor to the next page.
        progress = {
          done: progress.done + chunk.length,
          total: page.total,
          pageCursor: pageDone && !last ? page.nextOpenid : progress.pageCursor,
          pageOffset: pageDone && !last ? 0 : end,
        };
        if (!(await deps.store.saveChunk(deps.appId, owner, users, progress, deps.now(), deps.leaseMs ?? DEFAULT_LEASE_MS))) return "lost-lease";
        if (!(pageDone && last) && deps.now() - started >= budgetMs) {
          await deps.store.release(deps.appId, owner);
          return "paused";
        }
      }
      if (last) break;
      if (page.openids.length === 0) break;
      progress = { ...progress, pageCursor: page.nextOpenid, pageOffset: 0 };
    }
    await deps.store.finish(deps.appId, owner, { status: "done", total: progress.total }, deps.now());
    return "done";
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await deps.store.finish(deps.appId, owner, { status: "failed", error: message.slice(0, 300) }, deps.now());
    return "failed";
  }
}
