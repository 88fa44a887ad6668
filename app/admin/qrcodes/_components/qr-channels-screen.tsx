"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from "react";
import { adminRequest } from "../../_components/admin-api";
import { formatBeijingTime } from "../../_components/format";
import styles from "../../_components/console-screen.module.css";
import { QrChart, type DayCount } from "./qr-chart";

/** GET /api/admin/qrcodes items (app-contract.md), plus the per-day series this app adds. */
interface QrItem {
  id: string;
  scene: string;
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
const EXPIRE_DAYS = [1, 7, 30] as const;

const imageHref = (id: string, download = false): string => `/api/admin/qrcodes/${encodeURIComponent(id)}/image${download ? "?download=1" : ""}`;

function CreateForm({ onCreated, onUnauthorized }: { onCreated: (c: Created) => void; onUnauthorized: () => void }): ReactNode {
  const [scene, setScene] = useState("");
  const [permanent, setPermanent] = useState(false);
  const [days, setDays] = useState<number>(30);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const trimmed = scene.trim();
  const sceneError = scene !== "" && (trimmed.length < 1 || trimmed.length > SCENE_MAX) ? `场景值为 1–${SCENE_MAX} 个字符` : null;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!trimmed || sceneError) return setError(sceneError ?? "请填写场景值");
    setBusy(true);
    setError(null);
    const body = permanent ? { scene: trimmed, permanent: true } : { scene: trimmed, permanent: false, expireSeconds: days * 86_400 };
    const result = await adminRequest<Created>("/api/admin/qrcodes", { method: "POST", json: body });
    setBusy(false);
    if (!result.ok) {
      if (result.unauthorized) onUnauthorized();
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
          onChange={(e) => setScene(e.target.value)}
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
      <button type="submit" className={`btn ${styles.primary}`} disabled={busy} data-testid="qr-create-submit">
        {busy ? "正在创建…" : "生成二维码"}
      </button>
    </form>
  );
}

function QrRow({ item, now }: { item: QrItem; now: number }): ReactNode {
  const expired = item.expiresAt !== null && Date.parse(item.expiresAt) < now;
  return (
    <li className={styles.item} data-testid="qr-item" data-scene={item.scene}>
      {expired ? (
        <div className={styles.thumb} aria-hidden="true" />
      ) : (
        // eslint-disable-next-line @next/next/no-img-element -- an authenticated API image, not a static asset
        <img className={styles.thumb} src={imageHref(item.id)} alt={`二维码：${item.scene}`} width={96} height={96} loading="lazy" />
      )}
      <div>
        <h3>{item.scene}</h3>
        <p className={styles.muted}>
          {item.permanent ? "永久" : "临时"} · 创建于 {formatBeijingTime(Date.parse(item.createdAt))}
          {item.expiresAt ? ` · ${expired ? "已过期" : "有效期至"} ${formatBeijingTime(Date.parse(item.expiresAt))}` : ""}
        </p>
        <p className={styles.stats}>
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
        <div className={styles.actions}>
          {expired ? null : (
            <a className={`btn btn-mini ${styles.secondary}`} href={imageHref(item.id, true)} download data-testid="qr-download">
              下载二维码
            </a>
          )}
        </div>
      </div>
    </li>
  );
}

function CreatedCard({ created }: { created: Created }): ReactNode {
  return (
    <section className="card" data-testid="qr-created" aria-live="polite">
      <h2>已生成：{created.scene}</h2>
      {/* eslint-disable-next-line @next/next/no-img-element -- an authenticated API image */}
      <img src={imageHref(created.id)} alt={`新二维码：${created.scene}`} width={200} height={200} style={{ display: "block", margin: "8px auto", background: "#f2f2f2" }} />
      <p className={styles.muted}>
        {created.permanent ? "永久二维码" : `有效期至 ${created.expiresAt ? formatBeijingTime(Date.parse(created.expiresAt)) : ""}`}
      </p>
      <p className={styles.mono}>{created.url}</p>
      <a className={`btn ${styles.primary}`} href={imageHref(created.id, true)} download data-testid="qr-created-download">
        下载二维码图片
      </a>
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

  const onUnauthorized = useCallback(() => router.refresh(), [router]);

  const load = useCallback(async (): Promise<void> => {
    setLoading(true);
    const result = await adminRequest<{ items: QrItem[] }>("/api/admin/qrcodes");
    setLoading(false);
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

  const onCreated = (c: Created): void => {
    setCreated(c);
    void load();
  };

  return (
    <div className={styles.columns}>
      <div>
        <CreateForm onCreated={onCreated} onUnauthorized={onUnauthorized} />
        {created ? <CreatedCard created={created} /> : null}
      </div>
      <section className="card" aria-busy={loading}>
        <div className="card-head">
          <h2>渠道统计</h2>
          <button type="button" className="btn-text" onClick={() => void load()} disabled={loading} data-testid="qr-reload">
            刷新
          </button>
        </div>
        {error ? (
          <div className="notice notice-error" role="alert" data-testid="qr-list-error">
            {error}
          </div>
        ) : null}
        {items && items.length === 0 ? <p className={styles.muted}>还没有渠道二维码，先在左侧生成一个。</p> : null}
        {!items && loading ? <p className={styles.muted}>正在加载…</p> : null}
        {items && items.length > 0 ? (
          <ul className={styles.list} data-testid="qr-list">
            {items.map((item) => (
              <QrRow key={item.id} item={item} now={loadedAt} />
            ))}
          </ul>
        ) : null}
        <p className={styles.muted}>“扫码”含已关注用户的扫码（SCAN）与扫码关注；“新关注”为扫码后新关注的人数。重复推送只计一次。</p>
      </section>
    </div>
  );
}
