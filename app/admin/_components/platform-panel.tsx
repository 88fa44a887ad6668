"use client";

import { useCallback, useEffect, useState, type ReactNode } from "react";
import type { PlatformStatus } from "@/lib/console/platform/service";
import { adminRequest } from "./admin-api";
import { formatAgo, formatBeijingTime, formatDuration } from "./format";

type Load = { state: "loading" } | { state: "off" } | { state: "failed"; message: string } | { state: "ready"; status: PlatformStatus };

/** What the last component_verify_ticket says about the platform, in words. */
function TicketLine({ ticket, now }: { ticket: PlatformStatus["ticket"]; now: number }): ReactNode {
  if (!ticket.present) {
    return (
      <p data-testid="platform-ticket" data-state="missing">
        <span className="badge badge-orange">尚未收到</span> component_verify_ticket：微信在开放平台配置好「授权事件接收URL」后每 10 分钟推送一次。
      </p>
    );
  }
  return (
    <p data-testid="platform-ticket" data-state={ticket.fresh ? "fresh" : "expired"}>
      <span className={ticket.fresh ? "badge" : "badge badge-red"}>{ticket.fresh ? "有效" : "已过期"}</span> 最近的 component_verify_ticket：
      {formatAgo(ticket.createdAt, now)}（{formatBeijingTime(ticket.receivedAt)} 收到，12 小时内有效）
    </p>
  );
}

function TokenLine({ token }: { token: PlatformStatus["token"] }): ReactNode {
  const state = token.valid ? "valid" : token.present ? "expired" : "none";
  return (
    <p data-testid="platform-token" data-state={state}>
      <span className={token.valid ? "badge" : "badge badge-grey"}>{token.valid ? "有效" : token.present ? "已过期" : "尚未获取"}</span>{" "}
      component_access_token
      {token.valid && token.expiresInMs !== null ? `：还有 ${formatDuration(token.expiresInMs)}` : ""}（今日刷新 {token.refreshCountToday} 次）
      {token.lastError && !token.valid ? <span className="hint"> 最近一次失败：{token.lastError}</span> : null}
    </p>
  );
}

function AccountsList({ accounts }: { accounts: PlatformStatus["accounts"] }): ReactNode {
  if (accounts.length === 0) return <p className="hint">还没有公众号授权给本平台。</p>;
  return (
    <ul className="platform-accounts" data-testid="platform-accounts">
      {accounts.map((a) => (
        <li key={a.appId} data-testid="platform-account" data-appid={a.appId} data-status={a.status}>
          <div>
            <span className="mono">{a.appId}</span>{" "}
            {a.status === "authorized" ? <span className="badge">已授权</span> : <span className="badge badge-red">已取消授权</span>}
            {a.status === "authorized" && !a.hasRefreshToken ? <span className="badge badge-orange">刷新令牌待找回</span> : null}
          </div>
          <div className="hint">
            {a.status === "authorized" ? "授权于" : "取消于"} {formatBeijingTime(a.statusAt)}
          </div>
          {a.status === "authorized" ? (
            <div className="platform-funcs" aria-label="授权的权限集">
              {a.funcInfo.map((f) => (
                <span key={f.id} className="badge badge-grey" data-testid="platform-func" data-id={f.id}>
                  {f.name}
                </span>
              ))}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * The 账号 screen's 第三方平台 card: the platform's status (ticket age, component token health —
 * no secret), 授权新公众号 (a fresh authorization link; on the simulator, its page), and the
 * accounts authorized to it with their permission sets; withdrawn ones marked.
 */
export function PlatformPanel(): ReactNode {
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [justAuthorized, setJustAuthorized] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const result = await adminRequest<PlatformStatus>("/api/admin/platform");
    setNow(Date.now());
    if (result.ok) setLoad({ state: "ready", status: result.data });
    else if (result.unauthorized) window.location.reload();
    else if (result.status === 404) setLoad({ state: "off" });
    else setLoad({ state: "failed", message: result.message });
  }, []);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- read once: the callback's ?authorized=<appid>
    setJustAuthorized(new URLSearchParams(window.location.search).get("authorized"));
    void refresh();
  }, [refresh]);

  async function authorize(device: "pc" | "mobile"): Promise<void> {
    setBusy(true);
    setMessage(null);
    const result = await adminRequest<{ url: string }>("/api/admin/platform/authorize", { method: "POST", json: { device } });
    if (result.ok) {
      window.location.assign(result.data.url);
      return;
    }
    setBusy(false);
    if (result.unauthorized) window.location.reload();
    setMessage({ ok: false, text: result.message });
  }

  async function askForTicket(): Promise<void> {
    setBusy(true);
    const result = await adminRequest<{ ok: true }>("/api/admin/platform/ticket", { method: "POST" });
    setBusy(false);
    setMessage(result.ok ? { ok: true, text: "已请求微信立即推送 component_verify_ticket，稍后刷新查看。" } : { ok: false, text: result.message });
    await refresh();
  }

  if (load.state === "off") {
    return (
      <section className="card" data-testid="platform-panel" data-state="off">
        <h2>第三方平台</h2>
        <p className="hint">未开启第三方平台模式。设置 WECHAT_COMPONENT_APP_ID 等变量后，可在这里让其他公众号授权给本平台（见 docs/open-platform.md）。</p>
      </section>
    );
  }

  return (
    <section className="card" data-testid="platform-panel" data-state={load.state}>
      <div className="card-head">
        <h2>第三方平台（代公众号实现业务）</h2>
        <button type="button" className="btn-text" onClick={() => void refresh()}>
          刷新
        </button>
      </div>
      {justAuthorized ? (
        <div className="notice notice-info" role="status" data-testid="platform-authorized">
          公众号 <span className="mono">{justAuthorized}</span> 已授权给本平台。
        </div>
      ) : null}
      {message ? (
        <div className={message.ok ? "notice notice-info" : "notice notice-error"} role={message.ok ? "status" : "alert"} data-testid="platform-message">
          {message.text}
        </div>
      ) : null}
      {load.state === "loading" ? <p className="hint">加载中…</p> : null}
      {load.state === "failed" ? (
        <div className="notice notice-error" role="alert">
          {load.message}
        </div>
      ) : null}
      {load.state === "ready" ? (
        <>
          <p className="hint">
            平台 AppID <span className="mono">{load.status.componentAppId}</span>
          </p>
          <TicketLine ticket={load.status.ticket} now={now} />
          <TokenLine token={load.status.token} />
          {!load.status.ticket.present ? (
            <button type="button" className="btn btn-mini" disabled={busy} onClick={() => void askForTicket()}>
              请求微信立即推送票据
            </button>
          ) : null}
          <div className="btn-row platform-actions">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void authorize("pc")} data-testid="platform-authorize">
              授权新公众号
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => void authorize("mobile")}>
              手机微信内授权
            </button>
          </div>
          <h3 className="platform-subhead">已授权的公众号</h3>
          <AccountsList accounts={load.status.accounts} />
        </>
      ) : null}
    </section>
  );
}
