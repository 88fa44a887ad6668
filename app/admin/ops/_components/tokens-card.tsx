"use client";

import { DAILY_TOKEN_QUOTA } from "@/lib/console/tokens/types";
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { adminRequest, isTokensHealth, type TokensHealth } from "../../_components/admin-api";
import { formatBeijingTime } from "../../_components/format";
import { HealthCard } from "../../_components/health-card";
import { RefreshDialog } from "../../_components/refresh-dialog";

interface Loaded {
  health: TokensHealth;
  /** Date.now() when the answer arrived: the countdown runs on from there. */
  at: number;
}

type Notice = { ok: boolean; text: string };

/**
 * 接口凭证 on 运维: access_token / jsapi_ticket health and a forced refresh. A developer's
 * concern, so it sits here (not on the 概览), and 立即刷新 is a secondary, confirmed action.
 */
export function TokensCard({ onUnauthorized }: { onUnauthorized: () => void }): ReactNode {
  const [tokens, setTokens] = useState<Loaded | null>(null);
  const [tokensError, setTokensError] = useState<string | null>(null);
  const [loadingTokens, setLoadingTokens] = useState(true);
  const [confirming, setConfirming] = useState(false);
  const [refreshing, setRefreshing] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const loadTokens = useCallback(async (): Promise<void> => {
    setLoadingTokens(true);
    const result = await adminRequest<TokensHealth>("/api/admin/tokens");
    setLoadingTokens(false);
    if (!result.ok) {
      if (result.unauthorized) onUnauthorized();
      setTokensError(result.message);
      return;
    }
    if (!isTokensHealth(result.data)) {
      setTokensError("服务器返回的数据格式不正确。");
      return;
    }
    setTokensError(null);
    setTokens({ health: result.data, at: Date.now() });
  }, [onUnauthorized]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- initial fetch of the health data
    void loadTokens();
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, [loadTokens]);

  async function forceRefresh(): Promise<void> {
    setConfirming(false);
    setRefreshing(true);
    setNotice(null);
    const result = await adminRequest<TokensHealth>("/api/admin/tokens/refresh", { method: "POST" });
    setRefreshing(false);
    if (!result.ok) {
      if (result.unauthorized) onUnauthorized();
      setNotice({ ok: false, text: `刷新失败：${result.message}` });
      void loadTokens(); // the failure is recorded in the health too
      return;
    }
    if (isTokensHealth(result.data)) setTokens({ health: result.data, at: Date.now() });
    else void loadTokens();
    setNow(Date.now());
    setNotice({ ok: true, text: "已刷新 access_token 和 jsapi_ticket。" });
  }

  const health = tokens?.health;
  const quota = typeof health?.dailyQuota === "number" ? health.dailyQuota : DAILY_TOKEN_QUOTA;
  const ageMs = tokens ? Math.max(0, now - tokens.at) : 0;

  return (
    <div data-testid="tokens-section">
      <section className="card">
        <div className="card-head">
          <h2>接口凭证</h2>
          <button type="button" className="btn-text" onClick={() => void loadTokens()} disabled={loadingTokens} data-testid="tokens-reload">
            {loadingTokens ? "加载中…" : "重新加载"}
          </button>
        </div>
        <p className="hint" style={{ marginBottom: 8 }}>
          凭证由服务器自动续期，通常无需操作；只有微信提示凭证无效（如 40001）时才需要手动刷新。
        </p>
        {health ? (
          <dl className="health-rows">
            <div>
              <dt>AppID</dt>
              <dd className="mono" data-testid="admin-appid">
                {health.appId}
              </dd>
            </div>
            <div>
              <dt>获取方式</dt>
              <dd>{health.mode === "stable" ? "稳定版（多台服务器共用）" : "普通版"}</dd>
            </div>
            <div>
              <dt>数据时间</dt>
              <dd>{formatBeijingTime(tokens?.at, true)}（北京时间）</dd>
            </div>
          </dl>
        ) : null}
        {tokensError ? (
          <div className="notice notice-error" role="alert" data-testid="tokens-error" style={{ marginTop: 12, marginBottom: 0 }}>
            {tokensError}
          </div>
        ) : null}
        <button type="button" className="btn btn-mini" style={{ marginTop: 12 }} disabled={refreshing} onClick={() => setConfirming(true)} data-testid="btn-refresh">
          {refreshing ? "刷新中…" : "立即刷新"}
        </button>
        <div className={notice ? (notice.ok ? "result result-ok" : "result result-error") : "result"} role="status" data-testid="refresh-result">
          {notice?.text ?? ""}
        </div>
      </section>

      {health ? (
        // One column: on 运维 the card sits in half the width, too narrow for two side by side.
        <div className="health-grid" style={{ gridTemplateColumns: "minmax(0, 1fr)" }}>
          <HealthCard health={health.accessToken} dailyQuota={quota} ageMs={ageMs} now={now} />
          <HealthCard health={health.jsApiTicket} dailyQuota={quota} ageMs={ageMs} now={now} />
        </div>
      ) : null}

      {confirming ? <RefreshDialog mode={health?.mode} onCancel={() => setConfirming(false)} onConfirm={() => void forceRefresh()} /> : null}
    </div>
  );
}
