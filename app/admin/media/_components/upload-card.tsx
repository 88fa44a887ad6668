"use client";

import { useRef, useState, type DragEvent, type FormEvent, type ReactNode } from "react";
import { checkFile, SNIFF_BYTES } from "@/lib/console/media/file-check";
import styles from "../../_components/console-screen.module.css";
import { CopyButton } from "./copy-button";
import media from "./media.module.css";
import { shortMediaId, uploadMedia, type MediaKind, type Uploaded } from "./media-api";

const KINDS: Array<{ kind: MediaKind; label: string; accept: string; rule: string }> = [
  { kind: "image", label: "图片", accept: ".png,.jpg,.jpeg,.gif,.bmp", rule: "10MB 以内，png/jpg/gif/bmp" },
  { kind: "voice", label: "语音", accept: ".mp3,.amr,.wma,.wav", rule: "2MB 以内、60 秒以内，mp3/amr/wma/wav" },
  { kind: "video", label: "视频", accept: ".mp4", rule: "10MB 以内，mp4" },
  { kind: "thumb", label: "缩略图", accept: ".jpg,.jpeg", rule: "64KB 以内，jpg" },
];

/** One file in the queue: checked in the browser first, then uploaded with its own progress. */
interface Entry {
  key: number;
  file: File;
  state: "checking" | "refused" | "ready" | "uploading" | "done" | "failed";
  progress: number;
  message?: string;
  uploaded?: Uploaded;
}

let nextKey = 1;

/** The same check the server makes (lib/console/media/file-check.ts): size and name, then the first bytes. */
async function checkInBrowser(file: File, kind: MediaKind, permanent: boolean): Promise<string | null> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  return checkFile(file, head, kind, permanent)?.message ?? null;
}

/** Several files at once, dropped or picked, each checked before upload and uploaded with its own progress bar. */
export function UploadCard({ onUploaded, onUnauthorized }: { onUploaded: (u: Uploaded, permanent: boolean) => void; onUnauthorized: () => void }): ReactNode {
  const [kind, setKind] = useState<MediaKind>("image");
  const [permanent, setPermanent] = useState(true);
  const [title, setTitle] = useState("");
  const [intro, setIntro] = useState("");
  // Rendered from state; mirrored in a ref that submit reads right after awaiting the checks.
  const [entries, setEntryState] = useState<Entry[]>([]);
  const queue = useRef<Entry[]>([]);
  const setEntries = (next: Entry[] | ((list: Entry[]) => Entry[])): void => {
    queue.current = typeof next === "function" ? next(queue.current) : next;
    setEntryState(queue.current);
  };
  // The checks of the files picked last: a submit right after picking waits for them.
  const checking = useRef<Promise<void>>(Promise.resolve());
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const spec = KINDS.find((k) => k.kind === kind)!;
  const needsText = kind === "video" && permanent;

  const patch = (key: number, change: Partial<Entry>): void => setEntries((list) => list.map((e) => (e.key === key ? { ...e, ...change } : e)));

  const addFiles = async (files: FileList | File[] | null): Promise<void> => {
    const picked = [...(files ?? [])];
    if (picked.length === 0) return;
    setError(null);
    const added: Entry[] = picked.map((file) => ({ key: nextKey++, file, state: "checking", progress: 0 }));
    setEntries((list) => [...list.filter((e) => e.state !== "done" && e.state !== "refused"), ...added]);
    checking.current = (async () => {
      for (const entry of added) {
        const problem = await checkInBrowser(entry.file, kind, permanent);
        patch(entry.key, problem ? { state: "refused", message: problem } : { state: "ready" });
      }
    })();
    await checking.current;
  };

  const uploadOne = async (entry: Entry): Promise<void> => {
    const form = new FormData();
    form.append("type", kind);
    form.append("permanent", permanent ? "1" : "0");
    if (needsText) {
      form.append("title", title.trim());
      form.append("introduction", intro.trim());
    }
    form.append("file", entry.file, entry.file.name);
    patch(entry.key, { state: "uploading", progress: 0 });
    const result = await uploadMedia(form, (progress) => patch(entry.key, { progress }));
    if (!result.ok) {
      if (result.status === 401) onUnauthorized();
      return patch(entry.key, { state: "failed", message: result.message });
    }
    patch(entry.key, { state: "done", uploaded: result.data });
    onUploaded(result.data, permanent);
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    await checking.current;
    const ready = queue.current.filter((e) => e.state === "ready");
    if (ready.length === 0) return setError(queue.current.some((e) => e.state === "refused") ? "所选文件都不符合要求，请换一个。" : "请选择或拖入要上传的文件。");
    if (needsText && (!title.trim() || !intro.trim())) return setError("永久视频素材需要填写标题和简介。");
    setError(null);
    setBusy(true);
    // One after another: each gets the whole uplink, and the bars fill in order.
    for (const entry of ready) await uploadOne(entry);
    setBusy(false);
    if (fileRef.current) fileRef.current.value = "";
  };

  const onDrop = (event: DragEvent): void => {
    event.preventDefault();
    setDragging(false);
    void addFiles(event.dataTransfer.files);
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} data-testid="media-upload" noValidate>
      <h2>上传素材</h2>
      <label className="field">
        <span className={styles.label}>类型</span>
        <select
          className="input"
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as MediaKind);
            setEntries([]);
          }}
          data-testid="media-upload-type"
        >
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      <fieldset className={styles.choices}>
        <legend>保存方式</legend>
        <label>
          <input type="radio" name="permanent" checked={permanent} onChange={() => setPermanent(true)} /> 永久素材
        </label>
        <label>
          <input type="radio" name="permanent" checked={!permanent} onChange={() => setPermanent(false)} data-testid="media-temporary" /> 临时素材（3 天）
        </label>
      </fieldset>
      {needsText ? (
        <>
          <label className="field">
            <span className={styles.label}>视频标题</span>
            <input className="input" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={64} />
          </label>
          <label className="field">
            <span className={styles.label}>视频简介</span>
            <textarea className="input" value={intro} onChange={(e) => setIntro(e.target.value)} maxLength={120} />
          </label>
        </>
      ) : null}
      <div
        className={media.dropzone}
        data-dragging={dragging || undefined}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="media-dropzone"
      >
        <label className="field" style={{ marginBottom: 0 }}>
          <span className={styles.label}>
            把文件拖到这里，或选择文件（可多选；{spec.rule}）
          </span>
          <input ref={fileRef} className="input" type="file" multiple accept={spec.accept} onChange={(e) => void addFiles(e.target.files)} data-testid="media-file" />
        </label>
      </div>
      {entries.length > 0 ? (
        <ul className={styles.list} data-testid="media-queue">
          {entries.map((entry) => (
            <li key={entry.key} className={media.queueItem} data-testid="media-upload-entry" data-state={entry.state}>
              <p className={media.fileName}>{entry.file.name}</p>
              {entry.state === "uploading" ? (
                <div data-testid="media-progress">
                  <progress className={styles.progress} max={1} value={entry.progress} aria-label={`上传进度：${entry.file.name}`} />
                  <span className={styles.muted}>正在上传… {Math.round(entry.progress * 100)}%</span>
                </div>
              ) : null}
              {entry.state === "checking" ? <p className={styles.muted}>正在检查…</p> : null}
              {entry.state === "ready" ? <p className={styles.muted}>待上传</p> : null}
              {entry.state === "refused" || entry.state === "failed" ? (
                <p className={styles.danger} role="alert" data-testid="media-upload-error">
                  {entry.message}
                </p>
              ) : null}
              {entry.state === "done" && entry.uploaded ? (
                <div data-testid="media-uploaded" data-media-id={entry.uploaded.mediaId}>
                  <p className={styles.ok}>
                    上传成功 · media_id{" "}
                    <span className={styles.mono} title={entry.uploaded.mediaId} data-testid="media-uploaded-id">
                      {shortMediaId(entry.uploaded.mediaId)}
                    </span>
                  </p>
                  <CopyButton value={entry.uploaded.mediaId} />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <div className="notice notice-error" role="alert" data-testid="media-upload-error">
          {error}
        </div>
      ) : null}
      <button type="submit" className={`btn ${styles.primary}`} disabled={busy} data-testid="media-upload-submit">
        {busy ? "上传中…" : "上传"}
      </button>
    </form>
  );
}
