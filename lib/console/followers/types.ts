/**
 * Shapes of the followers screens shared by the server and the dashboard
 * (app/admin/_components): type-only, safe in a client bundle.
 */

/** `GET /api/admin/followers`: one page of followers with their details (WeChat's field names). */
export interface AdminFollowersPage<User> {
  total: number;
  count: number;
  next_openid: string;
  users: User[];
}

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
