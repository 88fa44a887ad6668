/**
 * The recipient pickers' search (template and customer-service sends): the synced followers
 * found by remark, by tag name, or by the nickname they gave through web authorization
 * (WechatUser) — an operator names people, not openids. A whole openid pasted still finds its
 * follower. Pure: the query's validation and the shapes; the store searches.
 */

export interface FollowerSearchQuery {
  /** What the operator typed (trimmed; "" lists the newest followers). */
  text: string;
  /** Tags whose name contains the text (the service resolves them from WeChat's tag list). */
  tagIds: number[];
  offset: number;
  limit: number;
}

export interface FollowerMatch {
  openid: string;
  remark: string | null;
  /** From web authorization (WechatUser), when the follower signed in on our pages. */
  nickname: string | null;
  tagIds: number[];
  /** Epoch ms. */
  subscribeTime: number | null;
}

export interface FollowerSearchStore {
  search(query: FollowerSearchQuery): Promise<{ items: FollowerMatch[]; total: number }>;
}

/** A match as the picker shows it: a name (remark, else nickname, else null) and tag names. */
export interface FollowerSuggestion {
  openid: string;
  name: string | null;
  remark: string | null;
  nickname: string | null;
  tags: string[];
}

export interface FollowerSearchPage {
  items: FollowerSuggestion[];
  total: number;
  /** The offset of the next page, null at the end. */
  nextOffset: number | null;
}

export const MAX_SEARCH_TEXT = 64;
export const MAX_SEARCH_LIMIT = 20;

/** `?q=&offset=&limit=` → the query, or the reason it is refused (a 400). */
export function parseSearchParams(params: URLSearchParams): { ok: true; text: string; offset: number; limit: number } | { ok: false; detail: string } {
  const text = (params.get("q") ?? "").trim();
  if (text.length > MAX_SEARCH_TEXT) return { ok: false, detail: `q must be at most ${MAX_SEARCH_TEXT} characters` };
  const offset = Number(params.get("offset") ?? 0);
  if (!Number.isInteger(offset) || offset < 0 || offset > 100_000) return { ok: false, detail: "offset must be an integer 0-100000" };
  const limit = Number(params.get("limit") ?? 10);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) return { ok: false, detail: `limit must be 1-${MAX_SEARCH_LIMIT}` };
  return { ok: true, text, offset, limit };
}

/** The page as the picker reads it: names first, tag ids as the account's tag names. */
export function toSearchPage(found: { items: FollowerMatch[]; total: number }, tagNames: ReadonlyMap<number, string>, offset: number): FollowerSearchPage {
  const items = found.items.map((m) => ({
    openid: m.openid,
    name: m.remark || m.nickname || null,
    remark: m.remark,
    nickname: m.nickname,
    tags: m.tagIds.flatMap((id) => (tagNames.has(id) ? [tagNames.get(id)!] : [])),
  }));
  const next = offset + items.length;
  return { items, total: found.total, nextOffset: next < found.total && items.length > 0 ? next : null };
}

/** The in-memory store (tests): the same matching rules as the database's. */
export function createMemoryFollowerSearchStore(rows: FollowerMatch[]): FollowerSearchStore {
  return {
    async search({ text, tagIds, offset, limit }) {
      const matches = rows
        .filter(
          (r) =>
            text === "" ||
            r.openid === text ||
            (r.remark ?? "").includes(text) ||
            (r.nickname ?? "").includes(text) ||
            r.tagIds.some((id) => tagIds.includes(id)),
        )
        .sort((a, b) => (b.subscribeTime ?? 0) - (a.subscribeTime ?? 0) || a.openid.localeCompare(b.openid));
      return { items: matches.slice(offset, offset + limit), total: matches.length };
    },
  };
}
