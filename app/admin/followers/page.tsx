import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import type { FollowerService } from "@/lib/console/followers/service";
import type { FollowerListPage } from "@/lib/console/followers/types";
import { describeError, logger } from "@/lib/logger";
import { getConsoleServices as getServices } from "@/lib/wiring/admin-route";
import { AdminGate } from "../_components/admin-gate";
import { FollowerSelection, type TagOption } from "./follower-selection";
import { FollowerSyncPanel } from "./follower-sync-panel";

export const metadata: Metadata = { title: "粉丝 · 管理后台", robots: { index: false, follow: false } };

const PAGE_SIZE = 20;
type Search = Record<string, string | string[] | undefined>;

/** ?tag=&page= read leniently: anything malformed means "no filter" / page 1. */
function parseQuery(search: Search): { tagId?: number; page: number } {
  const one = (key: string) => (typeof search[key] === "string" ? (search[key] as string) : "");
  const tag = one("tag");
  const page = Number(one("page") || 1);
  return {
    tagId: /^\d{1,9}$/.test(tag) ? Number(tag) : undefined,
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

function pageHref(page: number, tagId: number | undefined): string {
  const params = new URLSearchParams();
  if (tagId !== undefined) params.set("tag", String(tagId));
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/admin/followers?${query}` : "/admin/followers";
}

/** The account's tags by name; the list still works (ids only) when WeChat cannot be asked. */
async function loadTags(followers: FollowerService): Promise<TagOption[] | null> {
  try {
    const tags = await followers.tags();
    return tags.map(({ id, name }) => ({ id, name }));
  } catch (error) {
    logger.warn("followers screen: tags/get failed", describeError(error));
    return null;
  }
}

function TagFilter({ tags, tagId }: { tags: TagOption[]; tagId?: number }): ReactNode {
  // An id from the URL that tags/get does not list (deleted, or tags unavailable) stays selectable.
  const options = tagId !== undefined && !tags.some((tag) => tag.id === tagId) ? [...tags, { id: tagId, name: `标签 ${tagId}` }] : tags;
  return (
    <form method="get" action="/admin/followers" className="filter-row" role="search">
      <label className="filter-label" htmlFor="tag-filter">
        按标签筛选
      </label>
      <select id="tag-filter" name="tag" className="input select" defaultValue={tagId ?? ""} data-testid="tag-filter">
        <option value="">全部粉丝</option>
        {options.map((tag) => (
          <option key={tag.id} value={tag.id}>
            {tag.name}
          </option>
        ))}
      </select>
      <button type="submit" className="btn btn-mini" data-testid="tag-filter-apply">
        筛选
      </button>
      {tagId !== undefined ? (
        <Link href="/admin/followers" className="btn-text" data-testid="tag-filter-clear">
          清除
        </Link>
      ) : null}
    </form>
  );
}

function FollowerTable({ list, tags, tagId }: { list: FollowerListPage; tags: TagOption[] | null; tagId?: number }): ReactNode {
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const tagName = tagId !== undefined ? (tags?.find((tag) => tag.id === tagId)?.name ?? `标签 ${tagId}`) : undefined;
  return (
    <section className="card" aria-labelledby="list-title" data-testid="follower-list">
      <div className="card-head">
        <h2 id="list-title">已同步的粉丝</h2>
        <span className="hint" data-testid="follower-total">
          共 {list.total.toLocaleString("zh-CN")} 人{tagName !== undefined ? `（${tagName}）` : ""}
        </span>
      </div>
      {tags === null ? (
        <p className="notice notice-error" data-testid="tags-unavailable">
          暂时无法从微信读取标签列表，标签以 ID 显示，也无法设置标签。
        </p>
      ) : null}
      <TagFilter tags={tags ?? []} tagId={tagId} />
      {list.items.length === 0 ? (
        <p className="hint" data-testid="follower-empty">
          {tagId !== undefined ? "没有带这个标签的粉丝。" : "还没有同步过粉丝，请先点击“开始同步”。"}
        </p>
      ) : (
        <FollowerSelection items={list.items} tags={tags ?? []} filterTagId={tagId} />
      )}
      <nav className="pager" aria-label="分页">
        {list.page > 1 ? <Link href={pageHref(list.page - 1, tagId)} data-testid="page-prev">上一页</Link> : <span />}
        <span data-testid="page-info">
          第 {list.page} / {pages} 页
        </span>
        {list.page < pages ? <Link href={pageHref(list.page + 1, tagId)} data-testid="page-next">下一页</Link> : <span />}
      </nav>
    </section>
  );
}

/** Screen 5: sync all followers into the database, then browse them by tag. */
export default async function FollowersPage({ searchParams }: { searchParams: Promise<Search> }): Promise<ReactNode> {
  const query = parseQuery(await searchParams);
  return (
    <AdminGate>
      {async () => {
        const { followers, followerSync } = await getServices();
        const [job, list, tags] = await Promise.all([
          followerSync.view(),
          followers.listStored({ tagId: query.tagId, page: query.page, pageSize: PAGE_SIZE }),
          loadTags(followers),
        ]);
        return (
          <div data-testid="admin-followers">
            <FollowerSyncPanel initial={job} />
            <FollowerTable list={list} tags={tags} tagId={query.tagId} />
          </div>
        );
      }}
    </AdminGate>
  );
}
