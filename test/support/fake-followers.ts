/**
 * Test doubles for the follower sync: an account with N followers served as user/get pages
 * and batchget chunks (counting calls, optionally failing), and an in-memory job store with
 * the same lease rules as the Prisma store.
 */
import type { FollowerSource, FollowerSyncStore, SyncJobRecord } from "../../lib/console/followers/sync";
import type { UserInfo } from "@wxmp/wechat/api/users";

export interface FakeAccount extends FollowerSource {
  openids: string[];
  calls: { get: number; batch: number };
  /** Throw on the n-th batchget call (1-based): an API error. */
  failBatchAt?: number;
  failWith?: Error;
  /** Never answer the n-th batchget call: the runner's process died there. */
  haltBatchAt?: number;
}

export function fakeAccount(count: number, pageSize: number): FakeAccount {
  const openids = Array.from({ length: count }, (_, i) => `o${String(i).padStart(8, "0")}`);
  const account: FakeAccount = {
    openids,
    calls: { get: 0, batch: 0 },
    async getFollowers(next) {
      account.calls.get++;
      const start = next ? openids.indexOf(next) + 1 : 0;
      const page = openids.slice(start, start + pageSize);
      return { total: count, count: page.length, openids: page, nextOpenid: page.length ? page[page.length - 1]! : "" };
    },
    async batchGetUserInfo(chunk) {
      account.calls.batch++;
      if (account.failBatchAt === account.calls.batch) throw account.failWith ?? new Error("api error");
      if (account.haltBatchAt === account.calls.batch) return new Promise<UserInfo[]>(() => {});
      if (chunk.length > 100) throw new Error(`batchget of ${chunk.length} > 100`);
      return chunk.map((openid): UserInfo => ({
        subscribe: 1, openid, language: "zh_CN", subscribe_time: 1_700_000_000, remark: "", tagid_list: openid.endsWith("0") ? [2] : [],
        subscribe_scene: "ADD_SCENE_SEARCH", qr_scene: 0, qr_scene_str: "",
      }));
    },
  };
  return account;
}

export interface MemoryFollowerSyncStore extends FollowerSyncStore {
  followers: Map<string, UserInfo>;
  /** How many times each openid was written. */
  writes: Map<string, number>;
}

export function memoryFollowerSyncStore(): MemoryFollowerSyncStore {
  let job: SyncJobRecord | null = null;
  const followers = new Map<string, UserInfo>();
  const writes = new Map<string, number>();
  const free = (j: SyncJobRecord, now: number) => j.leaseOwner === null || j.leaseUntil === null || j.leaseUntil < now;
  const owns = (owner: string) => job !== null && job.status === "running" && job.leaseOwner === owner;
  return {
    followers,
    writes,
    async get() {
      return job && { ...job };
    },
    async startNew(_appId, jobId, owner, now, leaseMs) {
      if (job?.status === "running") return false;
      job = { jobId, status: "running", done: 0, total: 0, pageCursor: "", pageOffset: 0, error: null, leaseOwner: owner, leaseUntil: now + leaseMs };
      return true;
    },
    async takeOver(_appId, owner, now, leaseMs) {
      if (job?.status !== "running" || !free(job, now)) return false;
      job = { ...job, leaseOwner: owner, leaseUntil: now + leaseMs };
      return true;
    },
    async saveChunk(_appId, owner, users, progress, now, leaseMs) {
      if (!owns(owner) || !job) return false;
      job = { ...job, ...progress, leaseUntil: now + leaseMs };
      for (const user of users) {
        followers.set(user.openid, user);
        writes.set(user.openid, (writes.get(user.openid) ?? 0) + 1);
      }
      return true;
    },
    async finish(_appId, owner, result) {
      if (!owns(owner) || !job) return;
      job = { ...job, status: result.status, error: result.error ?? null, total: result.total ?? job.total, leaseOwner: null, leaseUntil: null };
    },
    async release(_appId, owner) {
      if (job?.leaseOwner === owner) job = { ...job, leaseOwner: null, leaseUntil: null };
    },
  };
}
