"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { adminRequest } from "../_components/admin-api";
import { formatBeijingTime, shortOpenid } from "../_components/format";

/** One listed follower, as the server page passes it. */
export interface ListedFollower {
  openid: string;
  subscribe: number;
  subscribeTime: number | null;
  remark: string | null;
  tagIds: number[];
}

export interface TagOption {
  id: number;
  name: string;
}

type Action = "tag" | "untag";
const ACTION_TEXT: Record<Action, string> = { tag: "打标签", untag: "取消标签" };

/** The page's followers with checkboxes, and the bar that tags or untags the selection. */
export function FollowerSelection({ items, tags, filterTagId }: { items: ListedFollower[]; tags: TagOption[]; filterTagId?: number }): ReactNode {
  const router = useRouter();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // Filtered by a tag, the likely action is on that tag (e.g. untagging some of its followers).
  const initialTag = tags.find((tag) => tag.id === filterTagId) ?? tags[0];
  const [tagId, setTagId] = useState<string>(initialTag ? String(initialTag.id) : "");
  const [busy, setBusy] = useState<Action | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const selectAll = useRef<HTMLInputElement>(null);
  const names = new Map(tags.map((tag) => [tag.id, tag.name]));

  // Only rows on the page count: after paging, filtering or a refresh, nothing unseen stays selected.
  const chosen = items.filter((item) => selected.has(item.openid)).map((item) => item.openid);
  const allSelected = items.length > 0 && chosen.length === items.length;
  useEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = chosen.length > 0 && !allSelected;
  }, [chosen.length, allSelected]);

  function toggle(openid: string, on: boolean): void {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(openid);
      else next.delete(openid);
      return next;
    });
  }

  async function run(action: Action): Promise<void> {
    const openids = chosen;
    setBusy(action);
    setMessage(null);
    const result = await adminRequest<{ sent: number }>("/api/admin/followers/tags", {
      method: "POST",
      json: { tagId: Number(tagId), openids, action },
    });
    setBusy(null);
    if (!result.ok) {
      setMessage({ error: true, text: `${ACTION_TEXT[action]}失败：${result.message}` });
      if (result.unauthorized) router.refresh();
      return;
    }
    const name = names.get(Number(tagId)) ?? tagId;
    setMessage({ error: false, text: `已为 ${result.data.sent} 位粉丝${action === "tag" ? "打上" : "取消"}标签“${name}”。` });
    setSelected(new Set());
    router.refresh(); // the stored tag lists changed
  }

  const canAct = chosen.length > 0 && tagId !== "" && busy === null;
  return (
    <>
      <div className="tag-bar" data-testid="tag-bar">
        <label className="filter-label" htmlFor="tag-action-select">
          为选中的 {chosen.length} 位粉丝设置标签
        </label>
        {tags.length === 0 ? (
          <p className="hint">公众号还没有可用的标签。</p>
        ) : (
          <div className="tag-bar-row">
            <select id="tag-action-select" className="input select" value={tagId} onChange={(e) => setTagId(e.target.value)} data-testid="tag-action-select">
              {tags.map((tag) => (
                <option key={tag.id} value={tag.id}>
                  {tag.name}
                </option>
              ))}
            </select>
            <button type="button" className="btn btn-mini btn-primary" disabled={!canAct} onClick={() => void run("tag")} data-testid="tag-apply">
              {busy === "tag" ? "处理中…" : ACTION_TEXT.tag}
            </button>
            <button type="button" className="btn btn-mini" disabled={!canAct} onClick={() => void run("untag")} data-testid="tag-remove">
              {busy === "untag" ? "处理中…" : ACTION_TEXT.untag}
            </button>
          </div>
        )}
        <div className={message?.error ? "result result-error" : "result"} role="status" data-testid="tag-message">
          {message?.text ?? ""}
        </div>
      </div>
      <div className="table-wrap" tabIndex={0} aria-label="粉丝列表">
        <table className="table">
          <thead>
            <tr>
              <th scope="col" className="check-cell">
                <input
                  ref={selectAll}
                  type="checkbox"
                  aria-label="全选本页"
                  checked={allSelected}
                  onChange={(e) => setSelected(e.target.checked ? new Set(items.map((item) => item.openid)) : new Set())}
                  data-testid="select-all"
                />
              </th>
              <th scope="col">粉丝</th>
              <th scope="col">标签</th>
              <th scope="col" className="follower-time">关注时间（北京）</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.openid} data-testid="follower-row" data-openid={item.openid} data-tags={item.tagIds.join(",")}>
                <td className="check-cell">
                  <input
                    type="checkbox"
                    aria-label={`选择 ${item.remark || item.openid}`}
                    checked={selected.has(item.openid)}
                    onChange={(e) => toggle(item.openid, e.target.checked)}
                    data-testid="follower-select"
                  />
                </td>
                <td className="follower-name">
                  {/* Named as the operator knows them: the remark, the openid under it. */}
                  {item.remark ? <strong>{item.remark}</strong> : null}
                  <span className="mono" title={item.openid}>
                    {shortOpenid(item.openid)}
                  </span>
                </td>
                <td className="tag-cell">
                  {item.tagIds.length
                    ? item.tagIds.map((id) => (
                        <span key={id} className="badge badge-grey tag" data-tag-id={id}>
                          {names.get(id) ?? `标签 ${id}`}
                        </span>
                      ))
                    : "—"}
                </td>
                <td className="follower-time">{item.subscribe === 1 ? formatBeijingTime(item.subscribeTime) : "已取消关注"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
