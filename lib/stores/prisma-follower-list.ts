import "server-only";
import type { Db } from "../db-client";
import { decodeTagIds } from "./prisma-follower-sync-store";

/** A synced follower as the console lists it. */
export interface StoredFollower {
  openid: string;
  subscribe: number;
  language: string | null;
  /** Epoch ms. */
  subscribeTime: number | null;
  remark: string | null;
  tagIds: number[];
  subscribeScene: string | null;
  unionid: string | null;
}

export interface FollowerListQuery {
  /** Only followers carrying this tag id. */
  tagId?: number;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface FollowerListPage {
  items: StoredFollower[];
  total: number;
  page: number;
  pageSize: number;
}

/** One page of the synced followers, newest subscription first, optionally by tag. */
export async function listStoredFollowers(db: Db, appId: string, query: FollowerListQuery): Promise<FollowerListPage> {
  const where = { appId, ...(query.tagId !== undefined ? { tagIds: { contains: `,${query.tagId},` } } : {}) };
  const [rows, total] = await Promise.all([
    db.follower.findMany({
      where,
      orderBy: [{ subscribeTime: "desc" }, { openid: "asc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    db.follower.count({ where }),
  ]);
  const items = rows.map((row) => ({
    openid: row.openid,
    subscribe: row.subscribe,
    language: row.language,
    subscribeTime: row.subscribeTime?.getTime() ?? null,
    remark: row.remark,
    tagIds: decodeTagIds(row.tagIds),
    subscribeScene: row.subscribeScene,
    unionid: row.unionid,
  }));
  return { items, total, page: query.page, pageSize: query.pageSize };
}
