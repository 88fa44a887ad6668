"use client";

import type { ReactNode } from "react";
import type { CredentialHealth } from "./admin-api";
import { formatAgo, formatBeijingTime, formatDuration, isRecentError, lastErrorHint } from "./format";

const TITLES: Record<string, { name: string; desc: string }> = {
  access_token: { name: "access_token", desc: "接口调用凭证" },
  jsapi_ticket: { name: "jsapi_ticket", desc: "JS-SDK 票据" },
};

interface Props {
  health: CredentialHealth;
  dailyQuota: number;
  /** Milliseconds the health answer is old: the countdown keeps running between fetches. */
  ageMs: number;
  now: number;
}

function statusBadge(h: CredentialHealth, expiresInMs: number | null): ReactNode {
  if (h.refreshing) return <span className="badge badge-orange">刷新中</span>;
  if (!h.present) return <span className="badge badge-grey">未获取</span>;
  if (!h.valid || (expiresInMs !== null && expiresInMs <= 0)) return <span className="badge badge-red">已过期</span>;
  return <span className="badge">有效</span>;
}

/** Health of one credential — never its value (the API does not send it). */
export function HealthCard({ health: h, dailyQuota, ageMs, now }: Props): ReactNode {
  const title = TITLES[h.kind] ?? { name: h.kind, desc: "" };
  const expiresInMs = h.expiresInMs !== null ? h.expiresInMs - ageMs : null;
  const quotaShare = dailyQuota > 0 ? Math.min(1, h.refreshCountToday / dailyQuota) : 0;
  const recentError = isRecentError(h.lastErrorAt, h.refreshedAt, now);
  const hint = h.lastError ? lastErrorHint(h.lastError) : undefined;
  return (
    <section className="card" data-testid={`health-${h.kind}`} data-valid={String(h.valid)} data-present={String(h.present)}>
      <div className="card-head">
        <h2>
          {title.name} <span className="hint" style={{ fontWeight: 400 }}>{title.desc}</span>
        </h2>
        {statusBadge(h, expiresInMs)}
      </div>
      <dl className="health-rows">
        <div>
          <dt>剩余有效期</dt>
          <dd data-testid="health-expires-in">
            {expiresInMs === null ? "—" : expiresInMs > 0 ? formatDuration(expiresInMs) : `已过期 ${formatDuration(-expiresInMs)}`}
          </dd>
        </div>
        <div>
          <dt>过期时间</dt>
          <dd>{formatBeijingTime(h.expiresAt, true) || "—"}</dd>
        </div>
        <div>
          <dt>上次刷新</dt>
          <dd data-testid="health-refreshed-at">
            {h.refreshedAt ? `${formatBeijingTime(h.refreshedAt, true)}（${formatAgo(h.refreshedAt, now)}）` : "尚未刷新"}
          </dd>
        </div>
        <div>
          <dt>今日刷新</dt>
          <dd>
            <span data-testid="health-today">
              {h.refreshCountToday} / {dailyQuota} 次
            </span>
            <span className={quotaShare >= 0.8 ? "quota-bar quota-high" : "quota-bar"} aria-hidden="true">
              <i style={{ width: `${Math.max(quotaShare * 100, h.refreshCountToday > 0 ? 2 : 0)}%` }} />
            </span>
          </dd>
        </div>
        <div>
          <dt>累计刷新</dt>
          <dd data-testid="health-total">{h.totalRefreshCount} 次</dd>
        </div>
        <div className={h.lastError ? "health-row-block" : undefined}>
          <dt>最近错误</dt>
          <dd data-testid="health-last-error" data-recent={String(recentError)} className={h.lastError ? (recentError ? "health-error" : "health-error-old") : undefined}>
            {h.lastError ? (
              <>
                {hint ? <span style={{ display: "block" }}>{hint}</span> : null}
                <span className="mono" style={{ fontSize: 12 }}>
                  {h.lastError}
                </span>
                {h.lastErrorAt ? <span style={{ display: "block", fontSize: 12 }}>{formatBeijingTime(h.lastErrorAt, true)}</span> : null}
              </>
            ) : (
              "无"
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}
