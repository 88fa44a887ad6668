"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { adminRequest, describeApiError } from "../../_components/admin-api";
import { formatBeijingTime } from "../../_components/format";
import styles from "../../_components/console-screen.module.css";
import { QrChart, type DayCount } from "./qr-chart";

/** GET /api/admin/qrcodes items (app-contract.md), plus the per-day series this app adds. */
interface QrItem {
  id: string;
  scene: string;
  name?: string | null;
  note?: string | null;
  permanent: boolean;
  createdAt: string;
  expiresAt: string | null;
  scans: number;
  subscribes: number;
  daily?: DayCount[];
}

interface Created {
  id: string;
  scene: string;
  permanent: boolean;
  url: string;
  expiresAt: string | null;
}

const SCENE_MAX = 64;
const NAME_MAX = 40;
const NOTE_MAX = 200;
const EXPIRE_DAYS = [1, 7, 30] as const;
/** The statistics poll while the page is visible: counts move without pressing 刷新. */
const LIVE_INTERVAL_MS = 5_000;
const EXPORT_DAYS = 30;

type ImageOptions = { download?: boolean; size?: "print"; format?: "svg" };
function imageHref(id: string, opts: ImageOptions = {}): string {
  const query = new URLSearchParams();
  if (opts.format) query.set("format", opts.format);
  if (opts.size) query.set("size", opts.size);
  if (opts.download) query.set("download", "1");
  const q = query.toString();
  return `/api/admin/qrcodes/${encodeURIComponent(id)}/image${q ? `?${q}` : ""}`;
}

/** A 409 from POST /api/admin/qrcodes: the scene already has a working code. */
type SceneTaken = { id: string; scene: string; name: string | null };

/** POST /api/admin/qrcodes, reading the 409's existing code (adminRequest keeps only a message). */
async function createCode(body: unknown): Promise<{ ok: true; data: Created } | { ok: false; taken?: SceneTaken; unauthorized: boolean; message: string }> {
  let res: Response;
  try {
    res = await fetch("/api/admin/qrcodes", { method: "POST", credentials: "same-origin", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  } catch {
    return { ok: false, unauthorized: false, message: "网络连接失败，请检查网络后重试。" };
  }
  const json: unknown = await res.json().catch(() => null);
  if (res.ok) return { ok: true, data: json as Created };
  const existing = (json as { existing?: SceneTaken } | null)?.existing;
  if (res.status === 409 && existing && typeof existing.id === "string") return { ok: false, taken: existing, unauthorized: false, message: "" };
  return { ok: false, unauthorized: res.status === 401, message: describeApiError(res.status, json) };
}

/** PATCH /api/admin/qrcodes/:id with a name and a note. */
async function saveLabel(id: string, label: { name: string; note: string }): Promise<{ ok: true; data: QrItem } | { ok: false; unauthorized: boolean; message: string }> {
  try {
    const res = await fetch(`/api/admin/qrcodes/${encodeURIComponent(id)}`, {
      method: "PATCH",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(label),
    });
    const json: unknown = await res.json().catch(() => null);
    if (res.ok) return { ok: true, data: json as QrItem };
    return { ok: false, unauthorized: res.status === 401, message: describeApiError(res.status, json) };
  } catch {
    return { ok: false, unauthorized: false, message: "网络连接失败，请检查网络后重试。" };
  }
}

function CreateForm({ onCreated, onUnauthorized, onOpen }: { onCreated: (c: Created) => void; onUnauthorized: () => void; onOpen: (id: string) => void }): ReactNode {
  const [scene, setScene] = useState("");
  const [permanent, setPermanent] = useState(false);
  const [days, setDays] = useState<number>(30);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [taken, setTaken] = useState<SceneTaken | null>(null);
  const trimmed = scene.trim();
  const sceneError = scene !== "" && (trimmed.length < 1 || trimmed.length > SCENE_MAX) ? `场景值为 1–${SCENE_MAX} 个字符` : null;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!trimmed || sceneError) return setError(sceneError ?? "请填写场景值");
    setBusy(true);
    setError(null);
    setTaken(null);
    const body = permanent ? { scene: trimmed, permanent: true } : { scene: trimmed, permanent: false, expireSeconds: days * 86_400 };
    const result = await createCode(body);
    setBusy(false);
    if (!result.ok) {
      if (result.unauthorized) onUnauthorized();
      if (result.taken) return setTaken(result.taken);
      return setError(result.message);
    }
    setScene("");
    onCreated(result.data);
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} data-testid="qr-create" noValidate>
      <h2>新建渠道二维码</h2>
      <label className="field">
        <span className={styles.label}>场景值（渠道名，1–64 个字符）</span>
        <input
          className="input"
          name="scene"
          value={scene}
          maxLength={SCENE_MAX}
          onChange={(e) => {
            setScene(e.target.value);
            setTaken(null);
          }}
          aria-invalid={sceneError ? true : undefined}
          aria-describedby={sceneError ? "qr-scene-error" : undefined}
          placeholder="例如 shop-entrance"
          autoComplete="off"
          required
        />
      </label>
      {sceneError ? (
        <p id="qr-scene-error" className={styles.danger} role="alert">
          {sceneError}
        </p>
      ) : null}
      <fieldset className={styles.choices}>
        <legend>类型</legend>
        <label>
          <input type="radio" name="kind" checked={!permanent} onChange={() => setPermanent(false)} /> 临时二维码
        </label>
        <label>
          <input type="radio" name="kind" checked={permanent} onChange={() => setPermanent(true)} data-testid="qr-permanent" /> 永久二维码
        </label>
      </fieldset>
      {permanent ? (
        <p className={styles.muted}>永久二维码数量有限（最多 10 万个），请只为长期渠道创建。</p>
      ) : (
        <label className="field">
          <span className={styles.label}>有效期</span>
          <select className="input" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {EXPIRE_DAYS.map((d) => (
              <option key={d} value={d}>
                {d} 天
              </option>
            ))}
          </select>
        </label>
      )}
      {error ? (
        <div className="notice notice-error" role="alert" data-testid="qr-create-error">
          {error}
        </div>
      ) : null}
      {taken ? (
        <div className="notice notice-error" role="alert" data-testid="qr-scene-taken">
          <p>
            场景值“{taken.scene}”已有二维码{taken.name ? `（${taken.name}）` : ""}。同一场景值只建一个，扫码数才不会分散到两行。
          </p>
          <button type="button" className={`btn btn-mini ${styles.secondary}`} onClick={() => onOpen(taken.id)} data-testid="qr-open-existing">
            打开已有的二维码
          </button>
        </div>
      ) : null}
      <button type="submit" className={`btn ${styles.primary}`} disabled={busy} data-testid="qr-create-submit">
        {busy ? "正在创建…" : "生成二维码"}
      </button>
    </form>
  );
}

function LabelForm({ item, onSaved, onCancel, onUnauthorized }: { item: QrItem; onSaved: (item: QrItem) => void; onCancel: () => void; onUnauthorized: () => void }): ReactNode {
  const [name, setName] = useState(item.name ?? "");
  const [note, setNote] = useState(item.note ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    const result = await saveLabel(item.id, { name: name.trim(), note: note.trim() });
    setBusy(false);
    if (!result.ok) {
      if (result.unauthorized) onUnauthorized();
      return setError(result.message);
    }
    onSaved(result.data);
  };
  return (
    <form onSubmit={(e) => void submit(e)} data-testid="qr-label-form">
      <label className="field">
        <span className={styles.label}>名称（不改变场景值）</span>
        <input className="input" value={name} maxLength={NAME_MAX} onChange={(e) => setName(e.target.value)} placeholder={item.scene} autoComplete="off" data-testid="qr-name" />
      </label>
      <label className="field">
        <span className={styles.label}>备注</span>
        <textarea className="input" value={note} maxLength={NOTE_MAX} rows={2} onChange={(e) => setNote(e.target.value)} placeholder="例如：印在门店收银台海报上" data-testid="qr-note" />
      </label>
      {error ? (
        <p className={styles.danger} role="alert">
          {error}
        </p>
      ) : null}
      <div className={styles.actions}>
        <button type="submit" className={`btn btn-mini ${styles.primary}`} disabled={busy} data-testid="qr-label-save">
          {busy ? "正在保存…" : "保存"}
        </button>
        <button type="button" className="btn-text" onClick={onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}

function QrRow({ item, now, highlighted, onSaved, onUnauthorized }: { item: QrItem; now: number; highlighted: boolean; onSaved: (item: QrItem) => void; onUnauthorized: () => void }): ReactNode {
  const expired = item.expiresAt !== null && Date.parse(item.expiresAt) < now;
  const [editing, setEditing] = useState(false);
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (!highlighted) return;
    ref.current?.scrollIntoView({ block: "center" });
    ref.current?.querySelector("h3")?.focus();
  }, [highlighted]);
  return (
    <li ref={ref} className={styles.item} data-testid="qr-item" data-scene={item.scene} data-highlighted={highlighted || undefined} style={highlighted ? { outline: "2px solid #067d3f", outlineOffset: 4 } : undefined}>
      {expired ? (
        <div className={styles.thumb} aria-hidden="true" />
      ) : (
        // eslint-disable-next-line @next/next/no-img-element -- an authenticated API image, not a static asset
        <img className={styles.thumb} src={imageHref(item.id)} alt={`二维码：${item.name ?? item.scene}`} width={96} height={96} loading="lazy" />
      )}
      <div style={{ minWidth: 0 }}>
        <h3 tabIndex={-1}>{item.name ?? item.scene}</h3>
        <p className={styles.muted}>
          {item.name ? `场景值 ${item.scene} · ` : ""}
          {item.permanent ? "永久" : "临时"} · 创建于 {formatBeijingTime(Date.parse(item.createdAt))}
          {item.expiresAt ? ` · ${expired ? "已过期" : "有效期至"} ${formatBeijingTime(Date.parse(item.expiresAt))}` : ""}
        </p>
        {item.note ? (
          <p className={styles.muted} data-testid="qr-note-text">
            备注：{item.note}
          </p>
        ) : null}
        <p className={styles.stats} aria-live="polite">
          <span>
            扫码 <strong data-testid="qr-scans">{item.scans}</strong> 次
          </span>
          <span>
            新关注 <strong data-testid="qr-subscribes">{item.subscribes}</strong> 人
          </span>
        </p>
        {item.daily?.some((d) => d.scans > 0) ? (
          <QrChart scene={item.scene} daily={item.daily} />
        ) : (
          <p className={styles.muted}>最近 {item.daily?.length ?? 14} 天没有扫码。</p>
        )}
        {editing ? (
          <LabelForm
            item={item}
            onUnauthorized={onUnauthorized}
            onCancel={() => setEditing(false)}
            onSaved={(saved) => {
              setEditing(false);
              onSaved(saved);
            }}
          />
        ) : (
          <div className={styles.actions}>
            <button type="button" className={`btn btn-mini ${styles.secondary}`} onClick={() => setEditing(true)} data-testid="qr-edit">
              改名 / 备注
            </button>
            {expired ? null : (
              <>
                <a className={`btn btn-mini ${styles.secondary}`} href={imageHref(item.id, { download: true })} download data-testid="qr-download">
                  下载 PNG
                </a>
                <a className={`btn btn-mini ${styles.secondary}`} href={imageHref(item.id, { download: true, size: "print" })} download data-testid="qr-download-print">
                  打印尺寸
                </a>
                <a className={`btn btn-mini ${styles.secondary}`} href={imageHref(item.id, { download: true, format: "svg" })} download data-testid="qr-download-svg">
                  SVG
                </a>
              </>
            )}
          </div>
        )}
      </div>
    </li>
  );
}

function CreatedCard({ created }: { created: Created }): ReactNode {
  return (
    <section className="card" data-testid="qr-created" aria-live="polite">
      <h2>已生成：{created.scene}</h2>
      {/* eslint-disable-next-line @next/next/no-img-element -- an authenticated API image */}
      <img src={imageHref(created.id)} alt={`新二维码：${created.scene}`} width={200} height={200} style={{ display: "block", margin: "8px auto", background: "#fff" }} />
      <p className={styles.muted}>
        {created.permanent ? "永久二维码" : `有效期至 ${created.expiresAt ? formatBeijingTime(Date.parse(created.expiresAt)) : ""}`}
      </p>
      <p className={styles.mono} data-testid="qr-created-url">
        {created.url}
      </p>
      <div className={styles.actions}>
        <a className={`btn ${styles.primary}`} href={imageHref(created.id, { download: true })} download data-testid="qr-created-download">
          下载二维码图片
        </a>
        <a className={`btn ${styles.secondary}`} href={imageHref(created.id, { download: true, size: "print" })} download>
          打印尺寸 PNG
        </a>
      </div>
    </section>
  );
}

/** Channel QR codes: create one, see its image, download it, and follow its scans and new followers. */
export function QrChannelsScreen(): ReactNode {
  const router = useRouter();
  const [items, setItems] = useState<QrItem[] | null>(null);
  // When the list arrived: expiry is judged against it (render stays pure).
  const [loadedAt, setLoadedAt] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [created, setCreated] = useState<Created | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);

  const onUnauthorized = useCallback(() => router.refresh(), [router]);

  const load = useCallback(async (quiet = false): Promise<void> => {
    if (!quiet) setLoading(true);
    const result = await adminRequest<{ items: QrItem[] }>("/api/admin/qrcodes");
    if (!quiet) setLoading(false);
    if (!result.ok) {
      if (result.unauthorized) onUnauthorized();
      return setError(result.message);
    }
    setError(null);
    setLoadedAt(Date.now());
    setItems(Array.isArray(result.data?.items) ? result.data.items : []);
  }, [onUnauthorized]);

  useEffect(() => {
    // The first load is what this effect is for.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  // Live counts: a quiet reload every few seconds while the page is on screen (none in a background tab).
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") void load(true);
    }, LIVE_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [load]);

  const onSaved = (saved: QrItem): void => setItems((list) => list?.map((i) => (i.id === saved.id ? { ...i, ...saved } : i)) ?? null);

  const onCreated = (c: Created): void => {
    setCreated(c);
    void load();
  };

  return (
    <div className={styles.columns}>
      <div>
        <CreateForm onCreated={onCreated} onUnauthorized={onUnauthorized} onOpen={setHighlight} />
        {created ? <CreatedCard created={created} /> : null}
      </div>
      <section className="card" aria-busy={loading}>
        <div className="card-head">
          <h2>渠道统计</h2>
          <button type="button" className="btn-text" onClick={() => void load()} disabled={loading} data-testid="qr-reload">
            刷新
          </button>
        </div>
        <p className={styles.muted} data-testid="qr-live">
          每 {LIVE_INTERVAL_MS / 1000} 秒自动更新{loadedAt ? ` · 更新于 ${formatBeijingTime(loadedAt)}` : ""}
        </p>
        <div className={styles.actions}>
          <a className={`btn btn-mini ${styles.secondary}`} href={`/api/admin/qrcodes/export?days=${EXPORT_DAYS}`} download data-testid="qr-export">
            导出最近 {EXPORT_DAYS} 天（CSV）
          </a>
        </div>
        {error ? (
          <div className="notice notice-error" role="alert" data-testid="qr-list-error">
            {error}
          </div>
        ) : null}
        {items && items.length === 0 ? <p className={styles.muted}>还没有渠道二维码，先用“新建渠道二维码”生成一个。</p> : null}
        {!items && loading ? <p className={styles.muted}>正在加载…</p> : null}
        {items && items.length > 0 ? (
          <ul className={styles.list} data-testid="qr-list">
            {items.map((item) => (
              <QrRow key={item.id} item={item} now={loadedAt} highlighted={highlight === item.id} onSaved={onSaved} onUnauthorized={onUnauthorized} />
            ))}
          </ul>
        ) : null}
        <p className={styles.muted}>“扫码”含已关注用户的扫码（SCAN）与扫码关注；“新关注”为扫码后新关注的人数。重复推送只计一次。</p>
      </section>
    </div>
  );
}
