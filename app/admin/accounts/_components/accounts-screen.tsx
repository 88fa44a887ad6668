"use client";

import { useCallback, useEffect, useState, type ReactNode } from "react";
import { adminRequest, describeApiError } from "../../_components/admin-api";
import { formatBeijingTime } from "../../_components/format";
import styles from "../../_components/console-screen.module.css";
import { AddAccountForm } from "./add-account-form";
import { EditAccountForm } from "./edit-account-form";
import { MerchantForm } from "./merchant-form";
import { PlatformPanel } from "../../_components/platform-panel";

/** GET /api/admin/accounts items (lib/accounts/registry.ts AccountSummary + serverUrl): no secret, only whether each is set. */
export interface AccountItem {
  appId: string;
  name: string;
  kind: "direct" | "component";
  source: "env" | "database";
  status: "active" | "retired";
  tokenMode: "classic" | "stable";
  serverUrl: string;
  secrets: { appSecret: boolean; token: boolean; encodingAESKey: boolean; previousEncodingAESKey: boolean };
  pay: { mchid: string; serialPrefix: string; keyMode: "public_key" | "certificate" } | null;
  default: boolean;
  createdAt: number | null;
  retiredAt: number | null;
}

interface CheckItem {
  name: string;
  status: "ok" | "fail" | "warn" | "skip";
  line: string;
}

const KIND_TEXT: Record<AccountItem["kind"], string> = { direct: "直接接入", component: "第三方平台授权" };
const CHECK_MARK: Record<CheckItem["status"], string> = { ok: "✓", fail: "✗", warn: "!", skip: "-" };

function AccountRow({ item, onChanged }: { item: AccountItem; onChanged: () => void }): ReactNode {
  const [checks, setChecks] = useState<CheckItem[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [copied, setCopied] = useState(false);
  const [editing, setEditing] = useState(false);
  const [editingPay, setEditingPay] = useState(false);

  async function check(): Promise<void> {
    setBusy(true);
    setMessage(null);
    const result = await adminRequest<{ ok: boolean; checks: CheckItem[] }>(`/api/admin/accounts/${item.appId}/check`, { method: "POST" });
    setBusy(false);
    if (result.ok) setChecks(result.data.checks);
    else setMessage(result.message);
  }

  async function retire(): Promise<void> {
    setBusy(true);
    let res: Response | null = null;
    try {
      res = await fetch(`/api/admin/accounts/${item.appId}`, { method: "DELETE", credentials: "same-origin" });
    } catch {
      res = null;
    }
    setBusy(false);
    setConfirming(false);
    if (res?.ok) onChanged();
    else setMessage(res ? describeApiError(res.status, await res.json().catch(() => null)) : "网络连接失败，请检查网络后重试。");
  }

  const secret = (set: boolean) => (set ? "已设置" : "未设置");
  return (
    <li className={styles.item} style={{ gridTemplateColumns: "1fr" }} data-testid="account-item" data-appid={item.appId}>
      <div>
        <h3>
          {item.name} {item.default ? <span className={styles.muted}>（默认 · 部署时配置）</span> : null}
          {item.status === "retired" ? <span className={styles.danger}>（已停用）</span> : null}
        </h3>
        <p className={styles.mono}>{item.appId}</p>
        <p className={styles.muted}>
          {KIND_TEXT[item.kind]} · access_token：{item.tokenMode === "stable" ? "稳定版" : "普通"}
          {item.kind === "direct" ? ` · AppSecret ${secret(item.secrets.appSecret)} · Token ${secret(item.secrets.token)} · EncodingAESKey ${secret(item.secrets.encodingAESKey)}` : null}
          {item.createdAt ? ` · 添加于 ${formatBeijingTime(item.createdAt)}` : null}
        </p>
        <p className={styles.muted} data-testid="account-merchant">
          微信支付：
          {item.pay
            ? `商户号 ${item.pay.mchid}（证书序列号 ${item.pay.serialPrefix}…，${item.pay.keyMode === "public_key" ? "微信支付公钥验签" : "平台证书验签"}）${item.default ? "" : " · 该号自己的商户号"}`
            : item.default
              ? "未开通（未设置 WECHATPAY_MCHID）"
              : "经默认商户号收款"}
        </p>
        {item.status === "active" ? (
          <>
            <p className={styles.muted}>
              {item.kind === "component" ? "消息与事件由第三方平台转发到（开放平台「消息与事件接收URL」，无需在公众平台配置）：" : "服务器地址（URL），填到公众平台「服务器配置」："}
            </p>
            <p className={styles.mono} data-testid="account-server-url">
              {item.serverUrl}
            </p>
            <div className={styles.actions}>
              <button
                type="button"
                className={`btn btn-mini ${styles.secondary}`}
                onClick={() => void navigator.clipboard?.writeText(item.serverUrl).then(() => setCopied(true), () => setCopied(false))}
                data-testid="account-copy-url"
              >
                {copied ? "已复制" : "复制地址"}
              </button>
              <button type="button" className={`btn btn-mini ${styles.secondary}`} disabled={busy} onClick={() => void check()} data-testid="account-check">
                {busy && !confirming ? "检查中…" : "检查"}
              </button>
              {item.default || item.kind !== "direct" ? null : (
                <button type="button" className={`btn btn-mini ${styles.secondary}`} onClick={() => setEditing((e) => !e)} aria-expanded={editing} data-testid="account-edit">
                  更换密钥
                </button>
              )}
              {item.default ? null : (
                <button type="button" className={`btn btn-mini ${styles.secondary}`} onClick={() => setEditingPay((e) => !e)} aria-expanded={editingPay} data-testid="account-merchant-edit">
                  商户号
                </button>
              )}
              {item.default ? null : confirming ? (
                <>
                  <span className={styles.danger}>停用后该号的消息推送返回 404、登录失效。确定？</span>
                  <button type="button" className={`btn btn-mini ${styles.primary}`} disabled={busy} onClick={() => void retire()} data-testid="account-retire-confirm">
                    确定停用
                  </button>
                  <button type="button" className="btn-text" onClick={() => setConfirming(false)}>
                    取消
                  </button>
                </>
              ) : (
                <button type="button" className={`btn btn-mini ${styles.secondary}`} onClick={() => setConfirming(true)} data-testid="account-retire">
                  停用
                </button>
              )}
            </div>
          </>
        ) : null}
        {editing ? (
          <EditAccountForm
            appId={item.appId}
            onSaved={() => {
              setEditing(false);
              onChanged();
            }}
            onCancel={() => setEditing(false)}
          />
        ) : null}
        {editingPay ? (
          <MerchantForm
            appId={item.appId}
            hasMerchant={item.pay !== null}
            onSaved={() => {
              setEditingPay(false);
              onChanged();
              void check();
            }}
            onCancel={() => setEditingPay(false)}
          />
        ) : null}
        {message ? (
          <p className={styles.danger} role="alert">
            {message}
          </p>
        ) : null}
        {checks ? (
          <ul className={styles.list} aria-live="polite" data-testid="account-checks">
            {checks.map((c) => (
              <li key={c.name} className={c.status === "fail" ? styles.danger : c.status === "ok" ? styles.ok : styles.muted} data-status={c.status}>
                {CHECK_MARK[c.status]} {c.line}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </li>
  );
}

/** The 账号 screen: the deployment's 公众号, each with its server URL, a check and retirement; a form to add one. */
export function AccountsScreen(): ReactNode {
  const [items, setItems] = useState<AccountItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await adminRequest<{ accounts: AccountItem[] }>("/api/admin/accounts");
    if (result.ok) {
      setItems(result.data.accounts);
      setError(null);
    } else setError(result.message);
  }, []);

  useEffect(() => {
    // The first load is what this effect is for.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  return (
    <>
      <section className="card" data-testid="accounts">
        <h2>公众号</h2>
        <p className={styles.muted}>一个部署可服务多个公众号：每个号有自己的服务器地址、网页授权、JS-SDK 签名和后台数据。用页面顶部的「当前公众号」切换后台操作的号。</p>
        {error ? (
          <div className="notice notice-error" role="alert">
            {error}
          </div>
        ) : null}
        {items === null && !error ? <p className={styles.muted}>加载中…</p> : null}
        {items ? (
          <ul className={styles.list} data-testid="account-list">
            {items.map((item) => (
              <AccountRow key={item.appId} item={item} onChanged={() => void load()} />
            ))}
          </ul>
        ) : null}
      </section>
      {/* Third-party platform mode: authorize more 公众号 to the platform (docs/open-platform.md). */}
      <PlatformPanel />
      <AddAccountForm onAdded={() => void load()} />
    </>
  );
}
