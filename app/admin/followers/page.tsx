import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { viewOf } from "@/lib/follower-sync";
import { listStoredFollowers, type FollowerListPage } from "@/lib/stores/prisma-follower-list";
import { createPrismaFollowerSyncStore } from "@/lib/stores/prisma-follower-sync-store";
import { AdminGate } from "../_components/admin-gate";
import { formatBeijingTime } from "../_components/format";
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

function FollowerTable({ list, tagId }: { list: FollowerListPage; tagId?: number }): ReactNode {
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  return (
    <section className="card" aria-labelledby="list-title" data-testid="follower-list">
      <div className="card-head">
        <h2 id="list-title">已同步的粉丝</h2>
        <span className="hint" data-testid="follower-total">
          共 {list.total.toLocaleString("zh-CN")} 人{tagId !== undefined ? `（标签 ${tagId}）` : ""}
        </span>
      </div>
      <form method="get" action="/admin/followers" className="filter-row" role="search">
        <label className="filter-label" htmlFor="tag-filter">
          按标签 ID 筛选
        </label>
        <input id="tag-filter" name="tag" className="input" inputMode="numeric" pattern="\d{1,9}" defaultValue={tagId ?? ""} placeholder="如 2" data-testid="tag-filter" />
        <button type="submit" className="btn btn-mini" data-testid="tag-filter-apply">
          筛选
        </button>
        {tagId !== undefined ? (
          <Link href="/admin/followers" className="btn-text" data-testid="tag-filter-clear">
            清除
          </Link>
        ) : null}
      </form>
      {list.items.length === 0 ? (
        <p className="hint" data-testid="follower-empty">
          {tagId !== undefined ? "没有带这个标签的粉丝。" : "还没有同步过粉丝，请先点击“开始同步”。"}
        </p>
      ) : (
        <div className="table-wrap" tabIndex={0} aria-label="粉丝列表">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">openid</th>
                <th scope="col">关注时间（北京）</th>
                <th scope="col">标签</th>
                <th scope="col">备注</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((item) => (
                <tr key={item.openid} data-testid="follower-row" data-tags={item.tagIds.join(",")}>
                  <td className="mono">{item.openid}</td>
                  <td>{item.subscribe === 1 ? formatBeijingTime(item.subscribeTime) : "已取消关注"}</td>
                  <td>{item.tagIds.length ? item.tagIds.map((id) => <span key={id} className="badge badge-grey tag">{id}</span>) : "—"}</td>
                  <td>{item.remark || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
        const db = await getDb();
        const appId = getEnv().appId;
        const [job, list] = await Promise.all([
          createPrismaFollowerSyncStore(db).get(appId),
          listStoredFollowers(db, appId, { tagId: query.tagId, page: query.page, pageSize: PAGE_SIZE }),
        ]);
        return (
          <div data-testid="admin-followers">
            <FollowerSyncPanel initial={viewOf(job)} />
            <FollowerTable list={list} tagId={query.tagId} />
          </div>
        );
      }}
    </AdminGate>
  );
}
