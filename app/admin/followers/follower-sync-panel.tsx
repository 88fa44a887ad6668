"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { adminRequest } from "../_components/admin-api";

/** The job as GET/POST /api/admin/followers/sync describe it. */
export interface SyncJob {
  id: string | null;
  status: "idle" | "running" | "done" | "failed";
  done: number;
  total: number;
  error?: string;
}

const POLL_MS = 1_000;
const STATUS_TEXT: Record<SyncJob["status"], string> = { idle: "尚未同步", running: "同步中", done: "同步完成", failed: "同步失败" };

/** Starts the sync and shows its progress, polling while it runs; reloads the list when it ends. */
export function FollowerSyncPanel({ initial }: { initial: SyncJob }): ReactNode {
  const router = useRouter();
  const [job, setJob] = useState<SyncJob>(initial);
  const [message, setMessage] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const wasRunning = useRef(initial.status === "running");

  const apply = useCallback(
    (next: SyncJob): void => {
      setJob(next);
      if (wasRunning.current && next.status !== "running") router.refresh(); // the list changed
      wasRunning.current = next.status === "running";
    },
    [router],
  );

  useEffect(() => {
    if (job.status !== "running") return;
    const timer = setTimeout(async () => {
      const result = await adminRequest<{ job: SyncJob }>("/api/admin/followers/sync");
      if (result.ok) apply(result.data.job);
      else {
        setMessage(result.message);
        if (result.unauthorized) router.refresh();
        else setJob({ ...job }); // try again on the next tick
      }
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job, apply, router]);

  async function start(): Promise<void> {
    setStarting(true);
    setMessage(null);
    const result = await adminRequest<{ job: SyncJob }>("/api/admin/followers/sync", { method: "POST" });
    setStarting(false);
    if (!result.ok) {
      setMessage(`无法开始同步：${result.message}`);
      if (result.unauthorized) router.refresh();
      return;
    }
    wasRunning.current = true;
    apply(result.data.job);
  }

  const running = job.status === "running";
  const percent = job.total > 0 ? Math.min(100, Math.floor((job.done / job.total) * 100)) : running ? 0 : 100;
  return (
    <section className="card" aria-labelledby="sync-title" data-testid="follower-sync" data-status={job.status}>
      <div className="card-head">
        <h2 id="sync-title">同步粉丝</h2>
        <span className={`badge${job.status === "failed" ? " badge-red" : job.status === "done" ? "" : " badge-grey"}`} data-testid="sync-status">
          {STATUS_TEXT[job.status]}
        </span>
      </div>
      <p className="hint">从微信拉取全部粉丝的资料并保存，之后可按标签浏览，发送消息时可按备注、标签或昵称找到粉丝。可随时离开本页，同步在服务器上继续；应用重启后从中断处接着同步。</p>
      {job.status !== "idle" ? (
        <div className="sync-progress">
          {running && job.total === 0 ? (
            // Before the first user/get page answers, the total is unknown: an indeterminate bar.
            <progress aria-label="同步进度" data-testid="sync-progress" />
          ) : (
            <progress max={Math.max(job.total, 1)} value={job.total > 0 ? job.done : 1} aria-label="同步进度" data-testid="sync-progress" />
          )}
          <span data-testid="sync-count">
            {running && job.total === 0 ? "正在获取粉丝列表…" : `${job.done.toLocaleString("zh-CN")} / ${job.total.toLocaleString("zh-CN")}（${percent}%）`}
          </span>
        </div>
      ) : null}
      {job.status === "failed" && job.error ? (
        <div className="result result-error" role="alert" data-testid="sync-error">
          {job.error}
        </div>
      ) : null}
      <button type="button" className="btn btn-primary" style={{ marginTop: 12 }} onClick={() => void start()} disabled={running || starting} data-testid="sync-start">
        {running ? "同步中…" : starting ? "正在开始…" : job.status === "idle" ? "开始同步" : "重新同步"}
      </button>
      <div className={message ? "result result-error" : "result"} role="status" data-testid="sync-message">
        {message ?? ""}
      </div>
    </section>
  );
}
