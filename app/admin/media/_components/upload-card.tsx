"use client";

import { useRef, useState, type FormEvent, type ReactNode } from "react";
import styles from "../../_components/console-screen.module.css";
import { CopyButton } from "./copy-button";
import { uploadMedia, type MediaKind, type Uploaded } from "./media-api";

const KINDS: Array<{ kind: MediaKind; label: string; accept: string; rule: string }> = [
  { kind: "image", label: "图片", accept: ".png,.jpg,.jpeg,.gif,.bmp", rule: "10MB 以内，png/jpg/gif/bmp" },
  { kind: "voice", label: "语音", accept: ".mp3,.amr,.wma,.wav", rule: "2MB 以内、60 秒以内，mp3/amr/wma/wav" },
  { kind: "video", label: "视频", accept: ".mp4", rule: "10MB 以内，mp4" },
  { kind: "thumb", label: "缩略图", accept: ".jpg,.jpeg", rule: "64KB 以内，jpg" },
];

/** Upload with a progress bar; the new media_id can be copied right away. */
export function UploadCard({ onUploaded, onUnauthorized }: { onUploaded: (u: Uploaded, permanent: boolean) => void; onUnauthorized: () => void }): ReactNode {
  const [kind, setKind] = useState<MediaKind>("image");
  const [permanent, setPermanent] = useState(true);
  const [title, setTitle] = useState("");
  const [intro, setIntro] = useState("");
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Uploaded | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const spec = KINDS.find((k) => k.kind === kind)!;
  const needsText = kind === "video" && permanent;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return setError("请选择要上传的文件。");
    if (needsText && (!title.trim() || !intro.trim())) return setError("永久视频素材需要填写标题和简介。");
    const form = new FormData();
    form.append("type", kind);
    form.append("permanent", permanent ? "1" : "0");
    if (needsText) {
      form.append("title", title.trim());
      form.append("introduction", intro.trim());
    }
    form.append("file", file, file.name);
    setError(null);
    setDone(null);
    setProgress(0);
    const result = await uploadMedia(form, setProgress);
    setProgress(null);
    if (!result.ok) {
      if (result.status === 401) onUnauthorized();
      return setError(result.message);
    }
    setDone(result.data);
    if (fileRef.current) fileRef.current.value = "";
    onUploaded(result.data, permanent);
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} data-testid="media-upload" noValidate>
      <h2>上传素材</h2>
      <label className="field">
        <span className={styles.label}>类型</span>
        <select className="input" value={kind} onChange={(e) => setKind(e.target.value as MediaKind)} data-testid="media-upload-type">
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
      <label className="field">
        <span className={styles.label}>文件（{spec.rule}）</span>
        <input ref={fileRef} className="input" type="file" accept={spec.accept} data-testid="media-file" />
      </label>
      {progress !== null ? (
        <div data-testid="media-progress">
          <progress className={styles.progress} max={1} value={progress} aria-label="上传进度" />
          <span className={styles.muted}>正在上传… {Math.round(progress * 100)}%</span>
        </div>
      ) : null}
      {error ? (
        <div className="notice notice-error" role="alert" data-testid="media-upload-error">
          {error}
        </div>
      ) : null}
      {done ? (
        <div className="notice notice-info" data-testid="media-uploaded">
          <p>上传成功（{done.type}）</p>
          <p className={styles.mono} data-testid="media-uploaded-id">
            {done.mediaId}
          </p>
          <CopyButton value={done.mediaId} />
        </div>
      ) : null}
      <button type="submit" className={`btn ${styles.primary}`} disabled={progress !== null} data-testid="media-upload-submit">
        {progress !== null ? "上传中…" : "上传"}
      </button>
    </form>
  );
}
