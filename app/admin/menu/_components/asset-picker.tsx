"use client";

import { useState, type ReactNode } from "react";
import styles from "./menu-editor.module.css";

type MediaType = "image" | "voice" | "video";
type Choice = { id: string; label: string; thumb?: string };

const MEDIA_TABS: Array<[MediaType, string]> = [
  ["image", "图片"],
  ["voice", "语音"],
  ["video", "视频"],
];

async function fetchJson<T>(path: string): Promise<T | null> {
  try {
    const res = await fetch(path, { credentials: "same-origin", cache: "no-store" });
    return res.ok ? ((await res.json()) as T) : null;
  } catch {
    return null;
  }
}

async function loadChoices(kind: "media" | "article", type: MediaType): Promise<Choice[] | null> {
  if (kind === "article") {
    const page = await fetchJson<{ items: Array<{ articleId: string; title: string }> }>("/api/admin/menu/articles?offset=0");
    return page ? page.items.map((i) => ({ id: i.articleId, label: i.title || "（无标题）" })) : null;
  }
  const page = await fetchJson<{ item: Array<{ media_id: string; name?: string }> }>(`/api/admin/media?type=${type}&offset=0`);
  return page
    ? page.item.map((i) => ({ id: i.media_id, label: i.name || "（未命名）", ...(type === "image" ? { thumb: `/api/admin/media/${encodeURIComponent(i.media_id)}` } : {}) }))
    : null;
}

/**
 * Picks a media_id from 素材库 or an article_id from the published articles, so the operator never
 * types a 64-character id. Images are shown as thumbnails drawn through our server.
 */
export function AssetPicker({ kind, onPick }: { kind: "media" | "article"; onPick: (id: string) => void }): ReactNode {
  const [open, setOpen] = useState(false);
  const [type, setType] = useState<MediaType>("image");
  const [choices, setChoices] = useState<Choice[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (t: MediaType): Promise<void> => {
    setType(t);
    setChoices(null);
    const found = await loadChoices(kind, t);
    setError(found ? null : "读取失败，请稍后重试。");
    setChoices(found ?? []);
  };

  if (!open) {
    return (
      <button
        type="button"
        className={styles.btn}
        onClick={() => {
          setOpen(true);
          void load(type);
        }}
        data-testid={`pick-${kind}`}
      >
        {kind === "media" ? "从素材库选择" : "从已发布图文选择"}
      </button>
    );
  }
  return (
    <div className={styles.picker} data-testid={`picker-${kind}`}>
      {kind === "media" ? (
        <div className={styles.actions} role="group" aria-label="素材类型">
          {MEDIA_TABS.map(([t, label]) => (
            <button key={t} type="button" className={styles.btn} aria-pressed={t === type} onClick={() => void load(t)}>
              {label}
            </button>
          ))}
        </div>
      ) : null}
      {choices === null ? <p className={styles.note}>正在读取…</p> : null}
      {error ? <p className={styles.error}>{error}</p> : null}
      {choices && choices.length === 0 && !error ? <p className={styles.note}>{kind === "media" ? "这一类还没有永久素材，可在“素材库”上传。" : "还没有已发布的图文。"}</p> : null}
      <ul className={styles.pickerList}>
        {(choices ?? []).map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className={styles.pickerItem}
              onClick={() => {
                onPick(c.id);
                setOpen(false);
              }}
              data-testid="picker-choice"
            >
              {/* eslint-disable-next-line @next/next/no-img-element -- an authenticated, streamed API image */}
              {c.thumb ? <img src={c.thumb} alt="" width={40} height={40} loading="lazy" /> : null}
              <span>{c.label}</span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className={styles.btn} onClick={() => setOpen(false)}>
        取消
      </button>
    </div>
  );
}
