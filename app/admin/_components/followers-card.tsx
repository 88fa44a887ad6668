"use client";

import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { adminRequest, isFollowersPage, type Follower, type FollowersPage } from "./admin-api";
import { formatUnixSeconds, sceneLabel, shortOpenid } from "./format";

const PAGE_SIZE = 100;

interface Props {
  /** Fill the customer-service form with this follower. */
  onPick: (openid: string) => void;
  onUnauthorized: () => void;
}

function sceneText(u: Follower): string {
  const label = sceneLabel(u.subscribe_scene);
  if (u.subscribe_scene !== "ADD_SCENE_QR_CODE") return label;
  const param = u.qr_scene_str || (u.qr_scene ? String(u.qr_scene) : "");
  return param ? `${label}（${param}）` : label;
}

/** One page of followers at a time (user/get + batchget), 下一页 via next_openid. */
export function FollowersCard({ onPick, onUnauthorized }: Props): ReactNode {
  // cursors[i] is the next_openid that loads page i (page 0: none).
  const [cursors, setCursors] = useState<string[]>([""]);
  const [page, setPage] = useState<FollowersPage | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const request = useRef(0);

  const load = useCallback(
    async (cursor: string): Promise<boolean> => {
      const id = ++request.current;
      setLoading(true);
      setError(null);
      const query = `next_openid=${encodeURIComponent(cursor)}&limit=${PAGE_SIZE}`;
      const result = await adminRequest<FollowersPage>(`/api/admin/followers?${query}`);
      if (id !== request.current) return false;
      setLoading(false);
      if (!result.ok) {
        if (result.unauthorized) onUnauthorized();
        setError(result.message);
        return false;
      }
      if (!isFollowersPage(result.data)) {
        setError("服务器返回的数据格式不正确。");
        return false;
      }
      setPage(result.data);
      return true;
    },
    [onUnauthorized],
  );

  useEffect(() => {
    // Initial page: an async load is exactly what this effect is for.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load("");
  }, [load]);

  const pageIndex = cursors.length - 1;
  const next = page?.next_openid ?? "";
  // The API answers an empty next_openid on the last page (app-contract.md).
  const hasNext = next !== "";

  const goNext = async (): Promise<void> => {
    if (!hasNext) return;
    if (await load(next)) setCursors((c) => [...c, next]);
  };
  const goPrev = async (): Promise<void> => {
    if (pageIndex === 0) return;
    const prev = cursors.slice(0, -1);
    if (await load(prev[prev.length - 1] ?? "")) setCursors(prev);
  };

  return (
    <section className="card" data-testid="followers-card">
      <div className="card-head">
        <h2>粉丝</h2>
        <span className="hint" data-testid="followers-total">
          {page ? `共 ${page.total} 人` : ""}
        </span>
      </div>
      {error ? (
        <div className="notice notice-error" role="alert" data-testid="followers-error">
          {error}{" "}
          <button type="button" className="btn-text" onClick={() => void load(cursors[pageIndex] ?? "")}>
            重试
          </button>
        </div>
      ) : null}
      {page && page.users.length === 0 && !error ? <p className="hint">还没有粉丝。</p> : null}
      {page && page.users.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="followers-table" aria-busy={loading}>
            <thead>
              <tr>
                <th>用户</th>
                <th>关注时间</th>
                <th>来源</th>
                <th aria-label="操作" />
              </tr>
            </thead>
            <tbody>
              {page.users.map((u) => (
                <tr key={u.openid} data-testid="follower-row" data-openid={u.openid}>
                  <td className="follower-name">
                    {/* Named as the operator knows them: the remark first, the openid as the detail. */}
                    {u.remark ? <strong data-testid="follower-name">{u.remark}</strong> : null}
                    <span className="mono" title={u.openid}>
                      {shortOpenid(u.openid)}
                    </span>
                  </td>
                  {u.subscribe === 0 ? (
                    <td colSpan={2} className="hint">
                      已取消关注
                    </td>
                  ) : (
                    <>
                      <td className="follower-time">{formatUnixSeconds(u.subscribe_time)}</td>
                      <td>{sceneText(u)}</td>
                    </>
                  )}
                  <td>
                    <button type="button" className="btn-text" onClick={() => onPick(u.openid)} data-testid="follower-pick">
                      发消息
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {loading && !page ? <p className="hint">正在加载…</p> : null}
      <div className="pager">
        <button type="button" className="btn-text" disabled={loading || pageIndex === 0} onClick={() => void goPrev()} data-testid="followers-prev">
          上一页
        </button>
        <span>
          第 {pageIndex + 1} 页{loading && page ? " · 加载中…" : ""}
        </span>
        <button type="button" className="btn-text" disabled={loading || !hasNext} onClick={() => void goNext()} data-testid="followers-next">
          下一页
        </button>
      </div>
    </section>
  );
}
