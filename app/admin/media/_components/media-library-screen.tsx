"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { formatUnixSeconds } from "../../_components/format";
import styles from "../../_components/console-screen.module.css";
import { CopyButton } from "./copy-button";
import { mediaRequest, previewHref, shortMediaId, type MaterialItem, type MaterialPage, type MediaKind, type Uploaded } from "./media-api";
import media from "./media.module.css";
import { UploadCard } from "./upload-card";

const TABS: Array<{ kind: MediaKind; label: string }> = [
  { kind: "image", label: "图片" },
  { kind: "voice", label: "语音" },
  { kind: "video", label: "视频" },
  { kind: "thumb", label: "缩略图" },
];
const PAGE = 20;

function Preview({ kind, mediaId, temporary = false }: { kind: MediaKind; mediaId: string; temporary?: boolean }): ReactNode {
  const src = previewHref(mediaId, temporary);
  return (
    <div className={styles.preview} data-testid="media-preview">
      {kind === "voice" ? (
        <audio controls src={src} aria-label="语音预览" />
      ) : kind === "video" ? (
        <video controls src={src} aria-label="视频预览" />
      ) : (
        // eslint-disable-next-line @next/next/no-img-element -- an authenticated, streamed API image
        <img src={src} alt="素材预览" />
      )}
    </div>
  );
}

interface RowProps {
  item: MaterialItem;
  kind: MediaKind;
  previewing: boolean;
  onTogglePreview: () => void;
  onDelete: () => void;
}

const KIND_LABEL: Record<MediaKind, string> = { image: "图片", voice: "语音", video: "视频", thumb: "缩略图" };

/** A tile of the grid: a thumbnail drawn through our server for pictures (no WeChat URL, no token), the name, a short media_id to copy. */
function MaterialRow({ item, kind, previewing, onTogglePreview, onDelete }: RowProps): ReactNode {
  const picture = kind === "image" || kind === "thumb";
  return (
    <li className={media.tile} style={previewing ? { gridColumn: "1 / -1" } : undefined} data-testid="media-item" data-media-id={item.media_id}>
      {picture ? (
        // eslint-disable-next-line @next/next/no-img-element -- an authenticated, streamed API image
        <img className={media.thumb} src={previewHref(item.media_id)} alt={item.name || "图片素材"} loading="lazy" data-testid="media-thumb" />
      ) : (
        <div className={media.thumb} style={{ display: "grid", placeItems: "center", color: "#3d3d3d" }} aria-hidden="true">
          {KIND_LABEL[kind]}
        </div>
      )}
      <h3>{item.name || "（未命名）"}</h3>
      <p className={styles.muted}>更新于 {formatUnixSeconds(item.update_time)}</p>
      <p className={styles.mono} title={item.media_id}>
        {shortMediaId(item.media_id)}
      </p>
      <div className={media.actions}>
        <button type="button" className="btn-text" aria-expanded={previewing} onClick={onTogglePreview} data-testid="media-preview-toggle">
          {previewing ? "收起" : picture ? "大图" : "播放"}
        </button>
        <CopyButton value={item.media_id} label="复制 ID" />
        <button type="button" className={`btn-text ${styles.danger}`} onClick={onDelete} data-testid="media-delete">
          删除
        </button>
      </div>
      {previewing ? <Preview kind={kind} mediaId={item.media_id} /> : null}
    </li>
  );
}

function ConfirmDelete({ item, onCancel, onConfirm, busy }: { item: MaterialItem; onCancel: () => void; onConfirm: () => void; busy: boolean }): ReactNode {
  return (
    <div className="mask">
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="media-delete-title" aria-describedby="media-delete-desc" data-testid="media-delete-dialog">
        <h2 id="media-delete-title">删除素材？</h2>
        <p id="media-delete-desc" className={styles.dialogText}>“{item.name || item.media_id.slice(0, 12)}”将从微信永久素材库删除，无法恢复；引用它的回复和菜单将失效。</p>
        <div className="dialog-actions">
          <button type="button" onClick={onCancel} autoFocus>
            取消
          </button>
          <button type="button" className={styles.dangerAction} onClick={onConfirm} disabled={busy} data-testid="media-delete-confirm">
            {busy ? "正在删除…" : "删除"}
          </button>
        </div>
      </div>
    </div>
  );
}

/** One page of permanent material of a kind, reloaded when the kind or the offset changes. */
function useMaterialPage(kind: MediaKind, offset: number, onUnauthorized: () => void) {
  const [page, setPage] = useState<MaterialPage | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (): Promise<void> => {
    setLoading(true);
    const result = await mediaRequest<MaterialPage>(`/api/admin/media?type=${kind}&offset=${offset}`);
    setLoading(false);
    if (!result.ok) {
      if (result.status === 401) onUnauthorized();
      return setError(result.message);
    }
    setError(null);
    setPage(result.data);
  }, [kind, offset, onUnauthorized]);

  useEffect(() => {
    // Loading the selected page is what this effect is for.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  return { page, loading, error, setError, load };
}

/** Permanent material by type, with preview, copy and delete; uploads beside it. */
export function MediaLibraryScreen(): ReactNode {
  const router = useRouter();
  const [kind, setKind] = useState<MediaKind>("image");
  const [offset, setOffset] = useState(0);
  const onUnauthorized = useCallback(() => router.refresh(), [router]);
  const { page, loading, error, setError, load } = useMaterialPage(kind, offset, onUnauthorized);
  const [previewId, setPreviewId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<MaterialItem | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [temporary, setTemporary] = useState<Uploaded | null>(null);

  const selectKind = (k: MediaKind): void => {
    setKind(k);
    setOffset(0);
    setPreviewId(null);
  };

  const onUploaded = (u: Uploaded, permanent: boolean): void => {
    if (!permanent) return setTemporary(u);
    setTemporary(null);
    if (u.type !== kind) selectKind(u.type);
    else void load();
  };

  const confirmDelete = async (): Promise<void> => {
    if (!deleting) return;
    setBusy(true);
    const result = await mediaRequest<{ ok: true }>(`/api/admin/media/${encodeURIComponent(deleting.media_id)}`, "DELETE");
    setBusy(false);
    if (!result.ok) {
      if (result.status === 401) onUnauthorized();
      setError(result.message);
    } else setNotice(`已删除“${deleting.name || deleting.media_id.slice(0, 12)}”`);
    setDeleting(null);
    void load();
  };

  const items = page?.item ?? [];
  const total = page?.total_count ?? 0;
  return (
    <div className={styles.columns}>
      <div>
        <UploadCard onUploaded={onUploaded} onUnauthorized={onUnauthorized} />
        {temporary ? (
          <section className="card" data-testid="media-temporary-card">
            <h2>临时素材</h2>
            <p className={styles.muted}>临时素材保存 3 天，不出现在素材库列表中。</p>
            <Preview kind={temporary.type} mediaId={temporary.mediaId} temporary />
          </section>
        ) : null}
      </div>
      <section className="card" aria-busy={loading} data-testid="media-library">
        <div className="card-head">
          <h2>永久素材库</h2>
          <span className={styles.muted} data-testid="media-total">
            {page ? `共 ${total} 个` : ""}
          </span>
        </div>
        <div className={styles.tabs} role="group" aria-label="素材类型">
          {TABS.map((t) => (
            <button key={t.kind} type="button" className={styles.tab} aria-pressed={t.kind === kind} onClick={() => selectKind(t.kind)} data-testid={`media-tab-${t.kind}`}>
              {t.label}
            </button>
          ))}
        </div>
        {notice ? (
          <p role="status" className={styles.ok} data-testid="media-notice">
            {notice}
          </p>
        ) : null}
        {error ? (
          <div className="notice notice-error" role="alert" data-testid="media-error">
            {error}
          </div>
        ) : null}
        {page && items.length === 0 ? <p className={styles.muted}>这一类还没有素材。</p> : null}
        {!page && loading ? <p className={styles.muted}>正在加载…</p> : null}
        <ul className={media.grid}>
          {items.map((item) => (
            <MaterialRow
              key={item.media_id}
              item={item}
              kind={kind}
              previewing={previewId === item.media_id}
              onTogglePreview={() => setPreviewId(previewId === item.media_id ? null : item.media_id)}
              onDelete={() => setDeleting(item)}
            />
          ))}
        </ul>
        <div className="pager">
          <button type="button" className="btn-text" disabled={loading || offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            上一页
          </button>
          <span className={styles.muted}>{total > 0 ? `${offset + 1}–${Math.min(offset + PAGE, total)} / ${total}` : ""}</span>
          <button type="button" className="btn-text" disabled={loading || offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
            下一页
          </button>
        </div>
      </section>
      {deleting ? <ConfirmDelete item={deleting} busy={busy} onCancel={() => setDeleting(null)} onConfirm={() => void confirmDelete()} /> : null}
    </div>
  );
}
