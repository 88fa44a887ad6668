/**
 * Shapes of the admin API shared by the server (lib/admin.ts) and the dashboard
 * (app/admin/_components): type-only and constants, safe in a client bundle.
 */

/** WeChat's daily cgi-bin/token quota, shown beside the refresh counters. */
export const DAILY_TOKEN_QUOTA = 2000;

/** `GET /api/admin/followers`: one page of followers with their details (WeChat's field names). */
export interface AdminFollowersPage<User> {
  total: number;
  count: number;
  next_openid: string;
  users: User[];
}
